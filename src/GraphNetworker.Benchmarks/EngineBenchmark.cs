using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using GraphNetworker.Core;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Items;

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
        Console.WriteLine($"Engine: scoring and planning one mailbox, {Environment.ProcessorCount} cores, .NET {Environment.Version}, median of 3 runs per size, load average {LoadAverage()}");
        Console.WriteLine("The input is generated and held in memory before the engine starts, shaped as the store gives the worker's engine its items: time and allocation are the engine's alone, at its steady state (the second evaluation in the process).");
        Console.WriteLine("| input | interactions | people | time (s) | interactions/s | of which GC pauses (s) | allocated (MiB) | allocated per interaction (B) | input held (MiB) | peak memory (MiB) | engine's peak above the input (MiB) | load average |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var results = new List<IReadOnlyDictionary<string, string>>();
        foreach (var scale in new[] { 1, 2 })
        {
            var figures = await BenchmarkCommand.MedianOfAsync(3, "seconds", "engine",
                "--interactions", (interactions * scale).ToString(CultureInfo.InvariantCulture),
                "--people", (people * scale).ToString(CultureInfo.InvariantCulture));
            results.Add(figures);
            double Of(string name) => BenchmarkCommand.Number(figures, name);
            Console.WriteLine($"| {scale}x | {interactions * scale:N0} | {people * scale:N0} | {Of("seconds"):0.000} | {Of("perSecond"):N0} | {Of("gcSeconds"):0.000} | " +
                              $"{Of("allocatedMiB"):0.0} | {Of("bytesPerInteraction"):0.0} | {Of("inputMiB"):0} | {Of("peakMiB"):0} | {Of("peakMiB") - Of("inputMiB"):0} | {figures["loadAverage"]} |");
        }

        double Ratio(string name) => BenchmarkCommand.Number(results[1], name) / BenchmarkCommand.Number(results[0], name);
        Console.WriteLine($"2x / 1x: time {Ratio("seconds"):0.00}, allocated {Ratio("allocatedMiB"):0.00} (linear cost: both near 2.0)");
        Console.WriteLine($"relationships {results[0]["relationships"]}, suggestions {results[0]["suggestions"]}, interactions/s {BenchmarkCommand.Number(results[0], "perSecond"):N0}, " +
                          $"allocated per interaction {BenchmarkCommand.Number(results[0], "bytesPerInteraction"):0.0} B, load average after {LoadAverage()}");
        Console.WriteLine($"the first, cold evaluation in each process (a fifth of the size, before the JIT has tuned the code): {BenchmarkCommand.Number(results[0], "coldPerSecond"):N0} interactions/s at 1x; " +
                          $"the first full-size evaluation (the heap still growing): {BenchmarkCommand.Number(results[0], "firstSeconds"):0.000} s at 1x, {BenchmarkCommand.Number(results[1], "firstSeconds"):0.000} s at 2x");
        Console.WriteLine($"collections during the measured evaluation (gen0/gen1/gen2): {results[0]["gcCollections"]} at 1x, {results[1]["gcCollections"]} at 2x");
        Console.WriteLine($"reading every why line afterwards (written when first read): {BenchmarkCommand.Number(results[0], "whySeconds"):0.000} s, " +
                          $"{BenchmarkCommand.Number(results[0], "whyBytesPerRelationship"):0} B per relationship at 1x");

        // The worker's engine reads its items from the store; the same mailbox as the Graph mapper makes items (fresh
        // strings on every item, no correspondent numbers, Message-ID texts), for comparison.
        var mapped = await BenchmarkCommand.MedianOfAsync(3, "seconds", "engine",
            "--interactions", interactions.ToString(CultureInfo.InvariantCulture), "--people", people.ToString(CultureInfo.InvariantCulture), "--mapped");
        Console.WriteLine($"the same 1x mailbox shaped as the Graph mapper makes items (fresh strings, no correspondent numbers, Message-ID texts): " +
                          $"{BenchmarkCommand.Number(mapped, "seconds"):0.000} s, {BenchmarkCommand.Number(mapped, "perSecond"):N0} interactions/s, " +
                          $"{BenchmarkCommand.Number(mapped, "bytesPerInteraction"):0.0} B per interaction");
        return 0;
    }

    public static int MeasureOne(int interactions, int people, bool asMapped = false)
    {
        // The input is materialised before the clock starts, so time and allocation are the engine's alone (generating
        // an interaction costs about as much as scoring it, and streaming the generator through the engine used to count
        // both). Holding a million interactions takes memory the engine does not own: the input's share is reported
        // ("inputMiB", the process's peak before the engine starts), and so is the whole process's peak after it.
        var directory = new DirectoryFacts
        {
            Owner = new OwnerIdentity("owner@contoso.com", ["owner@contoso.com"]),
            OrganizationDomains = ["contoso.com"],
            OrganizationName = "Contoso",
        };
        var engine = new RelationshipEngine(new EngineOptions(), new FixedClock(Now));

        // A worker scores mailbox after mailbox, so its engine runs compiled and tuned, in a heap already grown to its
        // work: a smaller mailbox (a fifth of the size, other people) is scored first, then forty small ones (as many
        // mailboxes as make the runtime compile what runs once per mailbox at its top tier: it does after thirty calls),
        // then this mailbox twice, and the figures are the second evaluation's, the engine's steady state. The first,
        // cold evaluation's rate and the first full-size evaluation's time are printed too ("coldPerSecond", "firstSeconds").
        var coldPerSecond = WarmUp(engine, directory, Math.Max(1, interactions / 5), Math.Max(1, people / 5), seed: 7, asMapped);
        for (var mailbox = 0; mailbox < 40; mailbox++)
        {
            WarmUp(engine, directory, Math.Max(1, interactions / 200), Math.Max(1, people / 200), seed: 100 + mailbox, asMapped);
        }

        var generation = Stopwatch.StartNew();
        var input = Generate(interactions, people, seed: 42, asMapped);
        generation.Stop();

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var inputPeak = BenchmarkCommand.PeakMemoryMiB();
        var first = Stopwatch.StartNew();
        engine.Evaluate(directory, input, UserState.Empty);
        first.Stop();

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var watch = Stopwatch.StartNew();
        var result = engine.Evaluate(directory, input, UserState.Empty);
        watch.Stop();
        var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
        GC.KeepAlive(input);

        // The engine writes each person's why lines when they are first read (the store reads them to save them):
        // measured apart, for every relationship, so the cost a reader pays is shown too.
        GC.Collect();
        var whyAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var whyWatch = Stopwatch.StartNew();
        var whyCharacters = 0L;
        foreach (var relationship in result.Relationships)
        {
            foreach (var line in relationship.Why)
            {
                whyCharacters += line.Length;
            }
        }

        whyWatch.Stop();
        var whyAllocated = GC.GetTotalAllocatedBytes(precise: true) - whyAllocatedBefore;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"whySeconds={whyWatch.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"whyBytesPerRelationship={(double)whyAllocated / Math.Max(1, result.Relationships.Count)}"));
        Console.WriteLine(string.Create(inv, $"whyCharacters={whyCharacters}"));
        Console.WriteLine(string.Create(inv, $"seconds={watch.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"generationSeconds={generation.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"allocatedMiB={allocatedBytes / (1024.0 * 1024.0)}"));
        Console.WriteLine(string.Create(inv, $"bytesPerInteraction={(double)allocatedBytes / input.Length}"));
        Console.WriteLine(string.Create(inv, $"gcSeconds={paused.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"gcCollections={collections.Item1}/{collections.Item2}/{collections.Item3}"));
        Console.WriteLine(string.Create(inv, $"inputMiB={inputPeak}"));
        Console.WriteLine(string.Create(inv, $"peakMiB={BenchmarkCommand.PeakMemoryMiB()}"));
        Console.WriteLine(string.Create(inv, $"perSecond={input.Length / watch.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"coldPerSecond={coldPerSecond}"));
        Console.WriteLine(string.Create(inv, $"firstSeconds={first.Elapsed.TotalSeconds}"));
        Console.WriteLine(string.Create(inv, $"loadAverage={LoadAverage()}"));
        Console.WriteLine(string.Create(inv, $"relationships={result.Relationships.Count}"));
        Console.WriteLine(string.Create(inv, $"suggestions={result.NewSuggestions.Count}"));
        return 0;
    }

    /// <summary>Scores a smaller, different mailbox once; its rate in interactions per second.</summary>
    private static double WarmUp(RelationshipEngine engine, DirectoryFacts directory, int interactions, int people, int seed, bool asMapped)
    {
        var input = Generate(interactions, people, seed, asMapped);
        var cold = Stopwatch.StartNew();
        engine.Evaluate(directory, input, UserState.Empty);
        return input.Length / cold.Elapsed.TotalSeconds;
    }

    /// <summary>The 1-minute load average (Linux), so a figure taken on a busy machine shows as such.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private const string OutlookLink = "https://outlook.office365.com/owa/?ItemID=";
    private const string MessageLinkEnd = "&exvsurl=1&viewmodel=ReadMessageItem";
    private const string EventLinkEnd = "&exvsurl=1&path=/calendar/item";

    /// <summary>An id shaped as Exchange's immutable ids are: 109 bytes in URL-safe base64 with its padding (148 characters), the item's number inside.</summary>
    private static string ExchangeId(int number)
    {
        Span<byte> bytes = stackalloc byte[109];
        bytes.Fill(0x41);
        "\0\u0003\u0024\0"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[60..], number);
        var text = Base64Url.EncodeToString(bytes);
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }

    /// <summary>
    /// A deterministic mailbox: people drawn with a skewed (Zipf-like) popularity, half the mail sent and half
    /// received, one item in five a meeting, a few bulk and mass items, spread over two years, each with an id shaped as
    /// Exchange's and an Outlook link as Graph gives them. Shaped as the worker's
    /// engine gets its items: each item is made as the Graph mapper makes it, encoded to its row by the store
    /// (<see cref="ItemRow.Encode"/>: its participants numbered in the mailbox's <see cref="CorrespondentBook"/>, the
    /// Message-ID kept as its key) and read back by the store's own decoding (<see cref="ItemReader.Decode(ItemRow, CorrespondentBook, WebLinks)"/>),
    /// without a database in between. With <paramref name="asMapped"/>, as the Graph mapper makes them: fresh strings on
    /// every item, the Message-ID's text, no numbers.
    /// </summary>
    private static Interaction[] Generate(int count, int people, int seed, bool asMapped = false)
    {
        var items = new Interaction[count];
        var random = new Random(seed);
        var book = new CorrespondentBook();
        var links = new WebLinks();
        var span = TimeSpan.FromDays(730).TotalMinutes;
        for (var i = 0; i < count; i++)
        {
            var who = (int)(people * Math.Pow(random.NextDouble(), 2.5));
            var address = $"person{who}@company{who % 997}.example";
            var name = $"Person {who}";
            var at = Now.AddMinutes(-random.NextDouble() * span);
            var roll = random.Next(10);
            var kind = roll < 4 ? InteractionKind.EmailSent : roll < 8 ? InteractionKind.EmailReceived : InteractionKind.Meeting;
            var extra = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            var participants = new List<Participant>(2 + extra);
            switch (kind)
            {
                case InteractionKind.EmailSent:
                    participants.Add(new Participant("owner@contoso.com", "Owner", ParticipantRole.From));
                    participants.Add(new Participant(address, name, ParticipantRole.To));
                    break;
                case InteractionKind.EmailReceived:
                    participants.Add(new Participant(address, name, ParticipantRole.From));
                    participants.Add(new Participant("owner@contoso.com", "Owner", ParticipantRole.To));
                    break;
                default:
                    participants.Add(new Participant("owner@contoso.com", "Owner", ParticipantRole.Organizer, MeetingResponse.Organizer));
                    participants.Add(new Participant(address, name, ParticipantRole.Attendee, MeetingResponse.Accepted));
                    break;
            }

            for (var e = 0; e < extra; e++)
            {
                var other = random.Next(people);
                participants.Add(new Participant($"person{other}@company{other % 997}.example", null,
                    kind == InteractionKind.Meeting ? ParticipantRole.Attendee : ParticipantRole.Cc));
            }

            var id = ExchangeId(i);
            var item = new Interaction
            {
                ItemId = id,
                WebLink = OutlookLink + Uri.EscapeDataString(id) + (kind == InteractionKind.Meeting ? EventLinkEnd : MessageLinkEnd),
                Kind = kind,
                OccurredAt = at,
                Participants = participants,
                ParticipantCount = random.Next(50) == 0 ? 40 : participants.Count,
                InternetMessageId = kind == InteractionKind.Meeting ? null : $"<{i}@bench>",
                Bulk = random.Next(40) == 0 ? BulkSignals.ListUnsubscribe : BulkSignals.None,
            };
            if (!asMapped)
            {
                item = ItemReader.Decode(ItemRow.Encode(item, book, links), book, links);
                book.Committed();
            }

            items[i] = item;
        }

        return items;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
