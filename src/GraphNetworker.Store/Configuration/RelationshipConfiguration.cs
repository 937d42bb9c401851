using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

/// <summary>
/// The engine's latest <see cref="RelationshipAssessment"/> of one person in one mailbox, replaced on every evaluation.
/// Its contact points, cadence and move are complex types in columns of their own, so nothing the engine said is lost.
/// </summary>
internal sealed class RelationshipConfiguration : IEntityTypeConfiguration<RelationshipAssessment>
{
    public void Configure(EntityTypeBuilder<RelationshipAssessment> builder)
    {
        builder.ToTable("Relationships");
        builder.Property<string>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.HasKey(Shadow.MailboxId, nameof(RelationshipAssessment.PersonKey));
        builder.Property(r => r.PersonKey).HasMaxLength(Lengths.Key);
        builder.Property(r => r.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(r => r.Addresses).HasConversion(Converters.StringList, Converters.StringListComparer).IsRequired();
        builder.ComplexProperty(r => r.LastContact, c => Contact(c, "LastContact"));
        builder.ComplexProperty(r => r.LastOutbound, c => Contact(c, "LastOutbound"));
        builder.ComplexProperty(r => r.LastInbound, c => Contact(c, "LastInbound"));
        builder.ComplexProperty(r => r.LastMeeting, c => Contact(c, "LastMeeting"));
        builder.Property(r => r.NextMeeting).HasColumnName("NextMeetingAt");
        builder.Property(r => r.FirstContact).HasColumnName("FirstContactAt");
        builder.ComplexProperty(r => r.Cadence, c =>
        {
            c.Property(x => x.DueAfter).HasColumnName("CadenceDueDays").HasConversion(Converters.Days);
            c.Property(x => x.OverdueAfter).HasColumnName("CadenceOverdueDays").HasConversion(Converters.Days);
        });
        builder.ComplexProperty(r => r.Move, c =>
        {
            c.Property(x => x.At).HasColumnName("MovedAt");
            c.Property(x => x.NewDomain).HasColumnName("MovedToDomain").HasMaxLength(Lengths.Address);
            c.Property(x => x.NewAddress).HasColumnName("MovedToAddress").HasMaxLength(Lengths.Address);
            c.Property(x => x.AccountClosed).HasColumnName("AccountClosed");
            c.Property(x => x.DateEstimated).HasColumnName("MoveDateEstimated");
        });
        builder.Property(r => r.Why).HasConversion(Converters.StringList, Converters.StringListComparer).IsRequired();
        builder.Property(r => r.PeakRhythm).HasMaxLength(64);

        // Only the planner needs it, at evaluation time ("you usually chat on Teams"): not a column, no schema change.
        builder.Ignore(r => r.ChatShare);
        builder.Property(r => r.JobTitle).HasMaxLength(Lengths.Name);
        builder.Property<int?>(Shadow.FocusRank);
        builder.Property<DateTime>(Shadow.EvaluatedAt);
        builder.HasIndex(Shadow.MailboxId, nameof(RelationshipAssessment.Status)).HasDatabaseName("IX_Relationships_MailboxId_Status");
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(Shadow.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }

    private static void Contact(ComplexPropertyBuilder<ContactPoint> contact, string prefix)
    {
        contact.Property(p => p.At).HasColumnName(prefix + "At");
        contact.Property(p => p.Channel).HasColumnName(prefix + "Channel");
        contact.Property(p => p.ItemId).HasColumnName(prefix + "ItemId").HasMaxLength(Lengths.GraphId);
        contact.Property(p => p.WebLink).HasColumnName(prefix + "WebLink");
        contact.Property(p => p.Subject).HasColumnName(prefix + "Subject").HasMaxLength(Lengths.Subject);
    }
}
