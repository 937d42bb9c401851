using System.Diagnostics;
using System.Globalization;
using GraphNetworker.Core;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Benchmarks;

/// <summary>
/// Scores and plans one mailbox of N interactions over M people, at 1× and 2× the input, each in its own process.
/// Prints time, allocation and peak memory per size and the 2×/1× ratios: linear cost shows as ratios near 2.
/// </summary>
internal static class EngineBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static async Task<int> CompareAsync(int interactions, int people)
    {
        Console.WriteLine($"Engine: scoring and planning one mailbox, {Environment.ProcessorCount} cores, .NET {Environment.Version}, median of 3 runs per size");
        Console.WriteLine("| input | interactions | people | time (s) | of which GC pauses (s) | allocated (MiB) | peak memory (MiB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var results = new List<IReadOnlyDictionary<string, string>>();
        foreach (var scale in new[] { 1, 2 })
        {
            var figures = await BenchmarkCommand.MedianOfAsync(3, "seconds", "engine",
                "--interactions", (interactions * scale).ToString(CultureInfo.InvariantCulture),
                "--people", (people * scale).ToString(CultureInfo.InvariantCulture));
            results.Add(figures);
            Console.WriteLine($"| {scale}x | {interactions * scale:N0} | {people * scale:N0} | {BenchmarkCommand.Number(figures, "seconds"):0.00} | {BenchmarkCommand.Number(figures, "gcSeconds"):0.00} | " +
                              $"{BenchmarkCommand.Number(figures, "allocatedMiB"):0} | {BenchmarkCommand.Number(figures, "peakMiB"):0} |");
        }

        var time = BenchmarkCommand.Number(results[1], "seconds") / BenchmarkCommand.Number(results[0], "seconds");
        var allocated = BenchmarkCommand.Number(results[1], "allocatedMiB") / BenchmarkCommand.Number(results[0], "allocatedMiB");
        Console.WriteLine($"2x / 1x: time {time:0.00}, allocated {allocated:0.00} (linear cost: both near 2.0)");
        Console.WriteLine($"relationships {results[0]["relationships"]}, suggestions {results[0]["suggestions"]}, interactions/s {BenchmarkCommand.Number(results[0], "perSecond"):N0}");
        return 0;
    }

    public static int MeasureOne(int interactions, int people)
    {
        // The input is generated as a stream, as the store streams rows in production: the engine's memory is its own.
        var generation = Stopwatch.StartNew();
        var generated = Generate(interactions, people, seed: 42).Count();
        generation.Stop();
        var directory = new DirectoryFacts
        {
            Owner = new OwnerIdentity("owner@contoso.com", ["owner@contoso.com"]),
            OrganizationDomains = ["contoso.com"],
            OrganizationName = "Contoso",
        };
        var engine = new RelationshipEngine(new EngineOptions(), new FixedClock(Now));

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        var result = engine.Evaluate(directory, Generate(interactions, people, seed: 42), UserState.Empty);
        watch.Stop();
        var engineSeconds = watch.Elapsed.TotalSeconds - generation.Elapsed.TotalSeconds;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024.0 * 1024.0);
        var paused = GC.GetTotalPauseDuration() - pausedBefore;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"seconds={engineSeconds}"));
        Console.WriteLine(string.Create(inv, $"generationSeconds={generation.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"allocatedMiB={allocated}"));
        Console.WriteLine(string.Create(inv, $"gcSeconds={paused.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"peakMiB={BenchmarkCommand.PeakMemoryMiB()}"));
        Console.WriteLine(string.Create(inv, $"perSecond={generated / engineSeconds}"));
        Console.WriteLine(string.Create(inv, $"relationships={result.Relationships.Count}"));
        Console.WriteLine(string.Create(inv, $"suggestions={result.NewSuggestions.Count}"));
        return 0;
    }

    /// <summary>
    /// A deterministic mailbox: people drawn with a skewed (Zipf-like) popularity, half the mail sent and half
    /// received, one item in five a meeting, a few bulk and mass items, spread over two years.
    /// </summary>
    private static IEnumerable<Interaction> Generate(int count, int people, int seed)
    {
        var random = new Random(seed);
        var owner = new Participant("owner@contoso.com", "Owner", ParticipantRole.From);
        var span = TimeSpan.FromDays(730).TotalMinutes;
        for (var i = 0; i < count; i++)
        {
            var who = (int)(people * Math.Pow(random.NextDouble(), 2.5));
            var address = $"person{who}@company{who % 997}.example";
            var at = Now.AddMinutes(-random.NextDouble() * span);
            var roll = random.Next(10);
            var kind = roll < 4 ? InteractionKind.EmailSent : roll < 8 ? InteractionKind.EmailReceived : InteractionKind.Meeting;
            var extra = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            var participants = new List<Participant>(2 + extra);
            switch (kind)
            {
                case InteractionKind.EmailSent:
                    participants.Add(owner);
                    participants.Add(new Participant(address, $"Person {who}", ParticipantRole.To));
                    break;
                case InteractionKind.EmailReceived:
                    participants.Add(new Participant(address, $"Person {who}", ParticipantRole.From));
                    participants.Add(owner with { Role = ParticipantRole.To });
                    break;
                default:
                    participants.Add(owner with { Role = ParticipantRole.Organizer, Response = MeetingResponse.Organizer });
                    participants.Add(new Participant(address, $"Person {who}", ParticipantRole.Attendee, MeetingResponse.Accepted));
                    break;
            }

            for (var e = 0; e < extra; e++)
            {
                var other = random.Next(people);
                participants.Add(new Participant($"person{other}@company{other % 997}.example", null,
                    kind == InteractionKind.Meeting ? ParticipantRole.Attendee : ParticipantRole.Cc));
            }

            yield return new Interaction
            {
                ItemId = "item-" + i.ToString(CultureInfo.InvariantCulture),
                Kind = kind,
                OccurredAt = at,
                Participants = participants,
                ParticipantCount = random.Next(50) == 0 ? 40 : participants.Count,
                InternetMessageId = kind == InteractionKind.Meeting ? null : $"<{i}@bench>",
                Bulk = random.Next(40) == 0 ? BulkSignals.ListUnsubscribe : BulkSignals.None,
            };
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
