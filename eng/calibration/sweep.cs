#:project ../../src/GraphNetworker.Store/GraphNetworker.Store.csproj
#:property PublishAot=false

// The evidence behind the engine's constants (docs/engine-calibration.md), from a data folder the demo has synced:
//
//   dotnet run eng/calibration/sweep.cs -- --data <demo data folder> [--now 2026-12-02T00:00:00Z]
//
// Every mailbox's stored interactions (exactly what the worker hands the engine) are scored on a fixed clock, once
// per candidate constant. Each tracked person gets a label that depends on no constant: how many weeks of their
// busiest twelve had direct contact (mail either way with at most 15 people on it and the owner on To or Cc for mail
// received, or a held meeting). Nine weeks or more is "weekly" (inner circle), three to eight is "every couple of
// weeks" to "about monthly" (regular), fewer is distant: the README's tiers. The sweep prints how well the tier at
// each person's peak agrees with the label, per half-life and scale. Output is Markdown.
using System.Globalization;
using GraphNetworker.Core;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Each set is name=folder: the dev set (real mail) and the synthetic tenant (designed rhythms) are scored side by side.
var sets = new List<(string Name, List<Mailbox> Mailboxes)>();
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--data" && args[i + 1].Split('=', 2) is [var name, var folder])
    {
        sets.Add((name, await Stored.LoadAsync(folder)));
    }
}

if (sets.Count == 0)
{
    throw new ArgumentException("--data <name>=<demo data folder> is required (repeat it for several sets)");
}

var now = Arg("--now") is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.UtcNow;
var defaults = new EngineOptions();
Console.WriteLine($"Scored on {now:d MMMM yyyy}: " + string.Join("; ", sets.Select(x => $"{x.Name} {x.Mailboxes.Count} mailboxes, {x.Mailboxes.Sum(m => m.Items.Count):N0} items")) + ".");
Console.WriteLine();
Console.WriteLine("Labels (weeks with direct contact in each tracked person's busiest twelve):");
Console.WriteLine();
Console.WriteLine("| set | owner | tracked | weekly (9+ weeks) | monthly to fortnightly (3–8) | fewer |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var (name, mailboxes) in sets)
{
    foreach (var owner in Score(mailboxes, defaults, now).GroupBy(p => p.Owner).OrderBy(g => g.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"| {name} | {owner.Key} | {owner.Count()} | {owner.Count(p => p.Label == Tier.Inner)} | {owner.Count(p => p.Label == Tier.Regular)} | {owner.Count(p => p.Label == Tier.Distant)} |");
    }
}

// The scale and the thresholds are one choice (strength is a monotone function of the weight): keep the README's
// thresholds and choose the half-life and the scale that place them where the labels are, in every set.
var scales = new[] { 5.0, 6, 7, 8, 10, 12, 15, 20 };
var halfLives = new[] { 30, 45, 60, 90, 120, 180 };
Console.WriteLine();
Console.WriteLine($"Agreement of the tier at each person's peak with the label, thresholds {defaults.InnerThreshold:0} / {defaults.RegularThreshold:0} ({string.Join(" · ", sets.Select(x => x.Name))}):");
Console.WriteLine();
Console.WriteLine("| half-life \\ scale | " + string.Join(" | ", scales.Select(x => x.ToString("0", CultureInfo.InvariantCulture))) + " |");
Console.WriteLine("|---:|" + string.Concat(scales.Select(_ => "---:|")));
var best = (Worst: -1.0, Days: 0, Scale: 0.0);
foreach (var days in halfLives)
{
    var cells = new List<string>();
    foreach (var scale in scales)
    {
        var options = new EngineOptions { HalfLife = TimeSpan.FromDays(days), StrengthScale = scale };
        var agreements = sets.Select(x => Agreement(Score(x.Mailboxes, options, now), options.InnerThreshold, options.RegularThreshold)).ToList();
        best = agreements.Min() > best.Worst + 1e-9 ? (agreements.Min(), days, scale) : best;
        var cell = string.Join(" · ", agreements.Select(a => (a * 100).ToString("0", CultureInfo.InvariantCulture)));
        cells.Add(days == (int)defaults.HalfLife.TotalDays && scale == defaults.StrengthScale ? $"**{cell}**" : cell);
    }

    Console.WriteLine($"| {days} days | " + string.Join(" | ", cells) + " |");
}

Console.WriteLine();
Console.WriteLine($"Best worst-case agreement: half-life {best.Days} days, scale {best.Scale:0} ({best.Worst:P0}). In bold: the defaults (half-life {defaults.HalfLife.TotalDays:0} days, scale {defaults.StrengthScale:0}).");
foreach (var (name, mailboxes) in sets)
{
    var people = Score(mailboxes, defaults, now);
    Console.WriteLine();
    Console.WriteLine($"{name}, with the defaults: label against tier at the peak ({Agreement(people, defaults.InnerThreshold, defaults.RegularThreshold):P0} agree).");
    Console.WriteLine();
    Console.WriteLine("| label ↓ / tier at peak → | inner | regular | distant |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var label in new[] { Tier.Inner, Tier.Regular, Tier.Distant })
    {
        var row = people.Where(p => p.Label == label).ToList();
        Console.WriteLine($"| {Name(label)} ({row.Count}) | " + string.Join(" | ", new[] { Tier.Inner, Tier.Regular, Tier.Distant }.Select(t =>
            row.Count(p => TierOf(p.Peak, defaults.InnerThreshold, defaults.RegularThreshold) == t))) + " |");
    }
}

return;

static List<(Tier Label, double Peak, string Owner, string Person)> Score(IReadOnlyList<Mailbox> mailboxes, EngineOptions options, DateTimeOffset now)
{
    var result = new List<(Tier, double, string, string)>();
    foreach (var mailbox in mailboxes)
    {
        var assessment = new RelationshipEngine(options, new Clock(now)).Evaluate(mailbox.Directory, mailbox.Owner, mailbox.Items, UserState.Empty);
        var weeks = Labels.ActiveWeeks(mailbox, options, now);
        foreach (var person in assessment.Relationships.Where(r => r.Status != RelationshipStatus.Excluded))
        {
            var busiest = weeks.GetValueOrDefault(person.PersonKey);
            var label = busiest >= 9 ? Tier.Inner : busiest >= 3 ? Tier.Regular : Tier.Distant;
            result.Add((label, person.PeakStrength, mailbox.Owner.PrimaryAddress, person.PersonKey));
        }
    }

    return result;
}

static double Agreement(List<(Tier Label, double Peak, string Owner, string Person)> people, double inner, double regular) =>
    people.Count == 0 ? 0 : people.Count(p => TierOf(p.Peak, inner, regular) == p.Label) / (double)people.Count;

static Tier TierOf(double peak, double inner, double regular) => peak >= inner ? Tier.Inner : peak >= regular ? Tier.Regular : Tier.Distant;

static string Name(Tier tier) => tier switch { Tier.Inner => "weekly", Tier.Regular => "monthly to fortnightly", _ => "fewer" };

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

/// <summary>One owner's mailbox as the worker hands it to the engine.</summary>
internal sealed record Mailbox(OwnerIdentity Owner, DirectoryIndex Directory, IReadOnlyList<Interaction> Items);

internal static class Stored
{
    public static async Task<List<Mailbox>> LoadAsync(string data)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddGraphNetworkerStore(o => o.DataFolder = data)
            .BuildServiceProvider();
        var directory = await services.GetRequiredService<DirectoryStore>().LoadIndexAsync([], null, CancellationToken.None);
        var sync = services.GetRequiredService<IMailboxSyncStore>();
        var evaluation = services.GetRequiredService<EvaluationStore>();
        var result = new List<Mailbox>();
        foreach (var mailbox in (await services.GetRequiredService<MailboxRepository>().AllAsync(CancellationToken.None)).Where(m => m.ScopeState == ScopeState.InScope))
        {
            var profile = MailboxRepository.ProfileOf(mailbox);
            var owner = new OwnerIdentity(profile.PrimaryAddress ?? profile.UserPrincipalName, await sync.OwnerAddressesAsync(profile, CancellationToken.None), profile.DisplayName);
            var items = new List<Interaction>();
            await foreach (var item in evaluation.StreamInteractionsAsync(mailbox.Id, CancellationToken.None))
            {
                items.Add(item);
            }

            result.Add(new Mailbox(owner, directory, items));
        }

        return [.. result.OrderBy(m => m.Owner.PrimaryAddress, StringComparer.Ordinal)];
    }
}

/// <summary>The constant-free label: weeks with direct contact in each person's busiest twelve.</summary>
internal static class Labels
{
    public static Dictionary<string, int> ActiveWeeks(Mailbox mailbox, EngineOptions options, DateTimeOffset now)
    {
        var resolver = new IdentityResolver(mailbox.Directory, mailbox.Owner);
        var weeks = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in mailbox.Items)
        {
            if (!seen.Add(item.Kind == InteractionKind.Meeting ? item.ItemId : item.InternetMessageId ?? item.ItemId) || item.OccurredAt > now || item.IsOwnHold)
            {
                continue;
            }

            var keys = item.Participants
                .Select(p => (p.Role, Key: Addresses.Normalize(p.Address)))
                .Where(p => p.Key is not null)
                .Select(p => (p.Role, Owner: resolver.IsOwner(p.Key!), Key: resolver.KeyOf(p.Key!)))
                .ToList();
            var others = keys.Where(k => !k.Owner).Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() + Math.Max(0, item.ParticipantCount - item.Participants.Count);
            if (others > options.MassThreshold || item.Bulk != BulkSignals.None)
            {
                continue;
            }

            var contacts = item.Kind == InteractionKind.Meeting
                ? item.IsCancelled || item.OwnerResponse == MeetingResponse.Declined
                    ? []
                    : item.Participants.Where(p => !p.IsResource && p.Response != MeetingResponse.Declined)
                        .Select(p => Addresses.Normalize(p.Address)).OfType<string>().Where(a => !resolver.IsOwner(a)).Select(resolver.KeyOf)
                : item.Kind == InteractionKind.EmailSent
                ? keys.Where(k => !k.Owner && k.Role is ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc).Select(k => k.Key)
                : keys.Any(k => k.Owner && k.Role is ParticipantRole.To or ParticipantRole.Cc)
                    ? keys.Where(k => !k.Owner && k.Role == ParticipantRole.From).Select(k => k.Key)
                    : [];
            var week = (int)Math.Floor((now - item.OccurredAt).TotalDays / 7);
            foreach (var key in contacts)
            {
                (weeks.TryGetValue(key, out var set) ? set : weeks[key] = []).Add(week);
            }
        }

        return weeks.ToDictionary(w => w.Key, w => w.Value.Max(start => w.Value.Count(x => x >= start && x < start + 12)), StringComparer.Ordinal);
    }
}

internal sealed class Clock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
