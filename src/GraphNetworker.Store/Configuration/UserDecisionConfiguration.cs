using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class PersonPreferenceConfiguration : IEntityTypeConfiguration<PersonPreference>
{
    public void Configure(EntityTypeBuilder<PersonPreference> builder)
    {
        builder.ToTable("PersonPreferences");
        builder.Property<string>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.HasKey(Shadow.MailboxId, nameof(PersonPreference.PersonKey));
        builder.Property(p => p.PersonKey).HasMaxLength(Lengths.Key);
        builder.Property<DateTime>(Shadow.UpdatedAt);
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(Shadow.MailboxId).OnDelete(DeleteBehavior.Cascade);
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
