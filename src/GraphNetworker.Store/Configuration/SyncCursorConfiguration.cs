using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class SyncCursorConfiguration : IEntityTypeConfiguration<SyncCursor>
{
    public void Configure(EntityTypeBuilder<SyncCursor> builder)
    {
        builder.ToTable("FolderCursors");
        builder.HasKey(f => new { f.MailboxId, f.FolderId });
        builder.Property(f => f.MailboxId).HasMaxLength(Lengths.MailboxId);
        builder.Property(f => f.FolderId).HasMaxLength(Lengths.Key);
        builder.Property(f => f.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(f => f.ParentFolderId).HasMaxLength(Lengths.Key);
        builder.Property(f => f.WellKnownName).HasMaxLength(64);
        builder.Property<int>(Shadow.FolderNumber);
        builder.HasIndex(Shadow.MailboxId, Shadow.FolderNumber).IsUnique();
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(f => f.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
