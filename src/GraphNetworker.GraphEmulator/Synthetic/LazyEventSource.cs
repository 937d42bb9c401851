using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>The calendar of a benchmark-sized mailbox: meeting <c>i</c> generated on demand, spread over the history and two weeks ahead.</summary>
internal sealed class LazyEventSource : IItemSource
{
    private readonly LazyPopulation _population;
    private readonly ulong _seed;
    private readonly int _mailbox;
    private readonly Person _owner;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _span;

    public LazyEventSource(LazyPopulation population, ulong seed, int mailbox, int count, DateTimeOffset now)
    {
        _population = population;
        _seed = seed;
        _mailbox = mailbox;
        Count = count;
        _owner = population.User(mailbox);
        _start = now.AddDays(-30.4 * population.Spec.Months);
        _span = now.AddDays(14) - _start;
    }

    public int Count { get; }

    public StoredItem Get(int position)
    {
        var r = Hashing.Random(_seed, (ulong)_mailbox, 99, (ulong)position);
        var id = OpaqueIds.FromInts(IdKind.LazyEvent, _seed, _mailbox, 0, position);
        var day = _start + (_span * ((position + 0.5) / Math.Max(1, Count)));
        var start = new DateTimeOffset(day.Year, day.Month, day.Day, 9 + r.Next(8), r.Next(2) * 30, 0, TimeSpan.Zero);
        var attendees = new JsonArray();
        for (var a = 0; a < 1 + r.Next(4); a++)
        {
            var p = r.NextDouble() < 0.6 ? _population.Colleague(_mailbox, r) : _population.ExternalFor(_mailbox, r);
            attendees.Add(new JsonObject
            {
                ["type"] = "required",
                ["status"] = new JsonObject { ["response"] = r.NextDouble() < 0.85 ? "accepted" : "declined", ["time"] = "0001-01-01T00:00:00Z" },
                ["emailAddress"] = p.ToRecipient()["emailAddress"]!.DeepClone(),
            });
        }

        var data = new JsonObject
        {
            ["createdDateTime"] = GraphTime.UtcPrecise(start.AddDays(-7)),
            ["lastModifiedDateTime"] = GraphTime.UtcPrecise(start.AddDays(-7)),
            ["changeKey"] = ItemStamps.ChangeKey(id, 0),
            ["subject"] = Topics.Subject(r),
            ["start"] = GraphTime.ToDateTimeTimeZone(start, null),
            ["end"] = GraphTime.ToDateTimeTimeZone(start.AddMinutes(30 * (1 + r.Next(2))), null),
            ["isCancelled"] = r.NextDouble() < 0.03,
            ["isOrganizer"] = true,
            ["responseStatus"] = new JsonObject { ["response"] = "organizer", ["time"] = "0001-01-01T00:00:00Z" },
            ["organizer"] = Party.Of(_owner).ToRecipient(),
            ["attendees"] = attendees,
            ["showAs"] = "busy",
            ["type"] = "singleInstance",
        };
        return new StoredItem(id, id, data);
    }

    public bool TryFind(string id, out int position)
    {
        position = -1;
        if (!OpaqueIds.TryReadInts(id, IdKind.LazyEvent, _seed, out var mailbox, out _, out var index) || mailbox != _mailbox || index < 0 || index >= Count)
        {
            return false;
        }

        position = index;
        return true;
    }
}
