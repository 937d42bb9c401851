using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// A folder of a benchmark-sized mailbox: message <c>i</c> is generated on demand from (seed, mailbox, folder,
/// i) and never stored; its id encodes those integers so GET by id needs no index. Received times grow with
/// <c>i</c>; one in ten is a newsletter and one in ten a no-reply notification (inbox).
/// </summary>
internal sealed class LazyMessageSource : IItemSource
{
    private readonly LazyPopulation _population;
    private readonly ulong _seed;
    private readonly int _mailbox;
    private readonly int _folder;
    private readonly Person _owner;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _span;

    public LazyMessageSource(LazyPopulation population, ulong seed, int mailbox, int folder, int count, DateTimeOffset now)
    {
        _population = population;
        _seed = seed;
        _mailbox = mailbox;
        _folder = folder;
        Count = count;
        _owner = population.User(mailbox);
        _start = now.AddDays(-30.4 * population.Spec.Months);
        _span = now - _start;
    }

    public int Count { get; }

    public bool Outbound => _folder == 1;

    public StoredItem Get(int position)
    {
        var r = Hashing.Random(_seed, (ulong)_mailbox, (ulong)_folder, (ulong)position);
        var id = OpaqueIds.FromInts(IdKind.LazyMessage, _seed, _mailbox, _folder, position);
        var received = _start + (_span * ((position + (r.NextDouble() * 0.9)) / Count));
        received = new DateTimeOffset(received.UtcTicks - (received.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var kind = position % 10;
        Party from, to;
        var inference = "focused";
        JsonArray? headers = null;
        if (Outbound)
        {
            from = Party.Of(_owner);
            to = kind < 5 ? _population.Colleague(_mailbox, r) : _population.ExternalFor(_mailbox, r);
        }
        else
        {
            to = Party.Of(_owner);
            from = kind switch
            {
                0 => _population.Newsletter,
                1 => _population.NoReply,
                < 6 => _population.Colleague(_mailbox, r),
                _ => _population.ExternalFor(_mailbox, r),
            };
            if (kind < 2)
            {
                inference = "other";
                headers = kind == 0
                    ? [MessageFactory.Header("List-Unsubscribe", "<mailto:unsubscribe@" + from.Address.Split('@')[1] + ">"), MessageFactory.Header("List-Id", "<brief." + from.Address.Split('@')[1] + ">")]
                    : [MessageFactory.Header("Auto-Submitted", "auto-generated")];
            }
        }

        var messageId = "<" + Hashing.Mix(_seed, (ulong)_mailbox, (ulong)_folder, (ulong)position).ToString("x16", CultureInfo.InvariantCulture) + "@" + from.Address.Split('@')[^1] + ">";
        var data = new JsonObject
        {
            ["createdDateTime"] = GraphTime.UtcPrecise(received),
            ["lastModifiedDateTime"] = GraphTime.UtcPrecise(received),
            ["changeKey"] = ItemStamps.ChangeKey(id, 0),
            ["internetMessageId"] = messageId,
            ["conversationId"] = OpaqueIds.FromHash(IdKind.Conversation, _seed, (ulong)_mailbox, Hashing.Of(from.Address + to.Address)),
            ["subject"] = Topics.Subject(r),
            ["from"] = from.ToRecipient(),
            ["sender"] = from.ToRecipient(),
            ["toRecipients"] = new JsonArray(to.ToRecipient()),
            ["ccRecipients"] = new JsonArray(),
            ["bccRecipients"] = new JsonArray(),
            ["sentDateTime"] = GraphTime.Utc(received.AddSeconds(-4)),
            ["receivedDateTime"] = GraphTime.Utc(received),
            ["isRead"] = r.NextDouble() < 0.9,
            ["isDraft"] = false,
            ["inferenceClassification"] = inference,
            ["internetMessageHeaders"] = headers ?? [MessageFactory.Header("Message-ID", messageId)],
        };
        return new StoredItem(id, id, data);
    }

    public bool TryFind(string id, out int position)
    {
        position = -1;
        if (!OpaqueIds.TryReadInts(id, IdKind.LazyMessage, _seed, out var mailbox, out var folder, out var index) ||
            mailbox != _mailbox || folder != _folder || index < 0 || index >= Count)
        {
            return false;
        }

        position = index;
        return true;
    }
}
