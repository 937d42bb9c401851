using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class RelationshipRowConfiguration : IEntityTypeConfiguration<RelationshipRow>
{
    public void Configure(EntityTypeBuilder<RelationshipRow> builder)
    {
        builder.ToTable("Relationships");
        builder.HasKey(r => new { r.MailboxId, r.PersonKey });
        builder.Property(r => r.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(r => r.PersonKey).HasMaxLength(Lengths.Key);
        builder.Property(r => r.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(r => r.LastContactItemId).HasMaxLength(Lengths.GraphId);
        builder.Property(r => r.LastContactSubject).HasMaxLength(Lengths.Subject);
        builder.Property(r => r.PeakRhythm).HasMaxLength(64);
        builder.Property(r => r.JobTitle).HasMaxLength(Lengths.Name);
        builder.Property(r => r.MovedToAddress).HasMaxLength(Lengths.Address);
        builder.HasIndex(r => new { r.MailboxId, r.Status });
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(r => r.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
