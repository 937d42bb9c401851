using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class InteractionRowConfiguration : IEntityTypeConfiguration<InteractionRow>
{
    public void Configure(EntityTypeBuilder<InteractionRow> builder)
    {
        builder.ToTable("Interactions");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(i => i.GraphId).HasMaxLength(Lengths.GraphId);
        builder.Property(i => i.FolderId).HasMaxLength(Lengths.Key);
        builder.Property(i => i.ConversationId).HasMaxLength(Lengths.GraphId);
        builder.Property(i => i.Subject).HasMaxLength(Lengths.Subject);
        builder.Property(i => i.SeriesMasterId).HasMaxLength(Lengths.GraphId);
        builder.HasIndex(i => new { i.MailboxId, i.GraphId }).IsUnique();
        builder.HasIndex(i => new { i.MailboxId, i.FolderId, i.Generation });
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(i => i.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
