using GraphNetworker.Store.Items;
using GraphNetworker.Tests.Common.Equivalence;

namespace GraphNetworker.Store.Tests.Items;

/// <summary>
/// The engine gives the same answer from items the store read back as from the items Graph's mappers made: every
/// varied mailbox of the engine's equivalence suite, each item encoded to its row and decoded by the store's own code
/// (<see cref="ItemRow.Encode"/>, <see cref="ItemReader.Decode(ItemRow, CorrespondentBook, WebLinks)"/>), every field
/// of the answer compared. A value the rows lose or change that the engine reads shows up here.
/// </summary>
public sealed class StoredItemsAnswerTests
{
    private static readonly Lazy<IReadOnlyList<MailboxCase>> Cases = new(VariedMailbox.All);

    public static TheoryData<string> Mailboxes() => [.. Cases.Value.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Mailboxes))]
    public void Evaluate_VariedMailboxReadBackByTheStore_SameAnswerAsFromGraph(string mailbox)
    {
        var c = Cases.Value.Single(x => x.Name == mailbox);
        var (book, links) = (new CorrespondentBook(), new WebLinks());
        var stored = c.Items.Select(item => ItemReader.Decode(ItemRow.Encode(item, book, links), book, links)).ToList();

        Assert.All(stored.Zip(c.Items), pair =>
        {
            Assert.Equal(pair.Second.ItemId, pair.First.ItemId);

            // A link kept as a format is made again when read, the same text.
            Assert.Equal(pair.Second.WebLink, pair.First.WebLink);
        });
        Assert.Equal(c.AnswerFrom(c.Items), c.AnswerFrom(stored));
    }
}
