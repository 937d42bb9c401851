using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class PersonPreferenceRowConfiguration : IEntityTypeConfiguration<PersonPreferenceRow>
{
    public void Configure(EntityTypeBuilder<PersonPreferenceRow> builder)
    {
        builder.ToTable("PersonPreferences");
        builder.HasKey(p => new { p.MailboxId, p.PersonKey });
        builder.Property(p => p.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(p => p.PersonKey).HasMaxLength(Lengths.Key);
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(p => p.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonLinkRowConfiguration : IEntityTypeConfiguration<PersonLinkRow>
{
    public void Configure(EntityTypeBuilder<PersonLinkRow> builder)
    {
        builder.ToTable("PersonLinks");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new { l.MailboxId, l.FromKey, l.ToKey }).IsUnique();
        builder.Property(l => l.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(l => l.FromKey).HasMaxLength(Lengths.Key);
        builder.Property(l => l.ToKey).HasMaxLength(Lengths.Key);
        builder.Property(l => l.Reason).HasMaxLength(1000);
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(l => l.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExclusionRuleRowConfiguration : IEntityTypeConfiguration<ExclusionRuleRow>
{
    public void Configure(EntityTypeBuilder<ExclusionRuleRow> builder)
    {
        builder.ToTable("ExclusionRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(r => r.Pattern).HasMaxLength(Lengths.Address);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.HasIndex(r => r.MailboxId);
    }
}
