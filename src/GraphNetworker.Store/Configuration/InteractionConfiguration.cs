using GraphNetworker.Store.Items;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Configuration;

/// <summary>
/// Where the engine's <see cref="Core.Model.Interaction"/>s are kept, compactly (about 250 bytes a row with its indexes
/// where the first schema took 1,500): there is no second model of an interaction, only this encoding of it, written
/// and read by <see cref="ItemWriter"/> and <see cref="ItemReader"/>. The tables are described here as property bags
/// so that migrations create them and the schema tests compare them, without an entity class.
/// <list type="bullet">
/// <item><c>Items</c>: one row per mail item (one copy in one folder), calendar occurrence, day of a Teams chat or
/// call, keyed by the mailbox's number and a 64-bit hash of the Graph id (<see cref="GraphIds"/>); the id itself
/// decoded from base64; the folder by its number in <c>FolderCursors</c>; the Internet Message-ID as a 64-bit key;
/// participants as numbers into <c>Correspondents</c> (<see cref="ParticipantBytes"/>); the web link as the number of
/// its format (<see cref="WebLinks"/>) or, for a link of another shape, whole.</item>
/// <item><c>Correspondents</c>: each address and the name it carried, once per mailbox.</item>
/// <item><c>LinkFormats</c>: the few shapes of web link a tenant's items have (prefix and suffix around the id).</item>
/// </list>
/// </summary>
internal static class InteractionConfiguration
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.SharedTypeEntity<Dictionary<string, object>>(ItemColumns.Entity, b =>
        {
            b.ToTable(ItemColumns.Table);
            b.IndexerProperty<int>(ItemColumns.MailboxNumber);
            b.IndexerProperty<long>(ItemColumns.ItemKey).ValueGeneratedNever();
            b.IndexerProperty<int>(ItemColumns.Folder);
            b.IndexerProperty<int>(ItemColumns.Generation);
            b.IndexerProperty<short>(ItemColumns.Kind);
            b.IndexerProperty<DateTime>(ItemColumns.OccurredAt);
            b.IndexerProperty<DateTime?>(ItemColumns.EndsAt);
            b.IndexerProperty<int>(ItemColumns.ParticipantCount);
            b.IndexerProperty<long?>(ItemColumns.MessageKey);
            b.IndexerProperty<short>(ItemColumns.Bulk);
            b.IndexerProperty<short>(ItemColumns.Response);
            b.IndexerProperty<bool>(ItemColumns.IsCancelled);
            b.IndexerProperty<bool>(ItemColumns.IsOwnHold);
            b.IndexerProperty<byte[]>(ItemColumns.GraphId).IsRequired().HasMaxLength(ItemColumns.GraphIdBytes);
            b.IndexerProperty<byte[]>(ItemColumns.Participants).IsRequired();
            b.IndexerProperty<int?>(ItemColumns.LinkFormat);
            b.IndexerProperty<string?>(ItemColumns.Link).HasMaxLength(ItemColumns.LinkLength);
            b.IndexerProperty<string?>(ItemColumns.Subject).HasMaxLength(Lengths.Subject);
            b.HasKey(ItemColumns.MailboxNumber, ItemColumns.ItemKey);
            b.HasIndex(ItemColumns.MailboxNumber, ItemColumns.Folder, ItemColumns.Generation);
            b.HasOne(typeof(Entities.Mailbox)).WithMany().HasForeignKey(ItemColumns.MailboxNumber)
                .HasPrincipalKey(nameof(Entities.Mailbox.Number)).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.SharedTypeEntity<Dictionary<string, object>>(CorrespondentColumns.Entity, b =>
        {
            b.ToTable(CorrespondentColumns.Table);
            b.IndexerProperty<int>(CorrespondentColumns.MailboxNumber);
            b.IndexerProperty<int>(CorrespondentColumns.Number).ValueGeneratedNever();
            b.IndexerProperty<string>(CorrespondentColumns.Address).IsRequired().HasMaxLength(Lengths.Address);
            b.IndexerProperty<string?>(CorrespondentColumns.Name).HasMaxLength(Lengths.Name);
            b.HasKey(CorrespondentColumns.MailboxNumber, CorrespondentColumns.Number);
            b.HasOne(typeof(Entities.Mailbox)).WithMany().HasForeignKey(CorrespondentColumns.MailboxNumber)
                .HasPrincipalKey(nameof(Entities.Mailbox.Number)).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.SharedTypeEntity<Dictionary<string, object>>(LinkFormatColumns.Entity, b =>
        {
            b.ToTable(LinkFormatColumns.Table);
            b.IndexerProperty<int>(LinkFormatColumns.Id).ValueGeneratedNever();
            b.IndexerProperty<string>(LinkFormatColumns.Prefix).IsRequired().HasMaxLength(LinkFormatColumns.PartLength);
            b.IndexerProperty<string>(LinkFormatColumns.Suffix).IsRequired().HasMaxLength(LinkFormatColumns.PartLength);
            b.IndexerProperty<bool>(LinkFormatColumns.Escaped);
            b.HasKey(LinkFormatColumns.Id);
        });
    }
}
