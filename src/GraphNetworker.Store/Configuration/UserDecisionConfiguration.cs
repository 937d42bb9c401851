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

/// <summary>
/// Links between two identities of one person who moved: those the engine made (no verdict yet) and the user's
/// verdicts. The engine's <see cref="LinkDecision"/> is the entity; its <see cref="LinkDecision.Accepted"/> is read from
/// the stored verdict (the <c>Accepted</c> column, null while unanswered), so only the store keeps the unanswered state.
/// </summary>
internal sealed class LinkDecisionConfiguration : IEntityTypeConfiguration<LinkDecision>
{
    public void Configure(EntityTypeBuilder<LinkDecision> builder)
    {
        builder.ToTable("PersonLinks");
        builder.Property<long>(Shadow.RowId).ValueGeneratedOnAdd();
        builder.HasKey(Shadow.RowId);
        builder.Property<string>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId).IsRequired();
        builder.Property(l => l.FromKey).HasMaxLength(Lengths.Key);
        builder.Property(l => l.ToKey).HasMaxLength(Lengths.Key);
        builder.Ignore(l => l.Accepted);
        builder.Property<bool?>(Shadow.Verdict).HasColumnName("Accepted");
        builder.Property(l => l.Reason).HasMaxLength(1000);
        builder.Property<DateTime>(Shadow.CreatedAt);
        builder.Property<DateTime?>(Shadow.DecidedAt);
        builder.HasIndex(Shadow.MailboxId, nameof(LinkDecision.FromKey), nameof(LinkDecision.ToKey)).IsUnique();
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(Shadow.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Blocklists: the engine's <see cref="ExclusionRule"/>, kept with the mailbox of the user who made it, or with none
/// for the administrator's (its <see cref="ExclusionRule.Scope"/> is read from that).
/// </summary>
internal sealed class ExclusionRuleConfiguration : IEntityTypeConfiguration<ExclusionRule>
{
    public void Configure(EntityTypeBuilder<ExclusionRule> builder)
    {
        builder.ToTable("ExclusionRules");
        builder.Property<long>(Shadow.RowId).ValueGeneratedOnAdd();
        builder.HasKey(Shadow.RowId);
        builder.Property<string?>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Ignore(r => r.Scope);
        builder.Property(r => r.Pattern).HasMaxLength(Lengths.Address);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property<DateTime>(Shadow.CreatedAt);
        builder.HasIndex(Shadow.MailboxId);
    }
}
