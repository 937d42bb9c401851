using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNetworker.Core.Model;
using GraphNetworker.Store;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Reports;

/// <summary>
/// <c>report --format json</c>: one mailbox's relationships and suggestions. The property names are a contract
/// (documented in the README): keep them stable.
/// </summary>
public sealed record MailboxReport(
    [property: JsonPropertyName("mailbox")] string Mailbox,
    [property: JsonPropertyName("generatedAt")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("relationships")] IReadOnlyList<RelationshipEntry> Relationships,
    [property: JsonPropertyName("suggestions")] IReadOnlyList<SuggestionEntry> Suggestions)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a mailbox's latest assessment from the store. Excluded people are listed too, with their reason.</summary>
    public static async Task<MailboxReport?> LoadAsync(GraphNetworkerDbContext db, string mailbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var box = await FindMailboxAsync(db, mailbox, cancellationToken);
        if (box is null)
        {
            return null;
        }

        var rows = await db.Relationships.AsNoTracking().Where(r => r.MailboxId == box.Id).ToListAsync(cancellationToken);
        var suggestions = await db.Suggestions.AsNoTracking().Where(s => s.MailboxId == box.Id).OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        var relationships = rows
            .OrderBy(r => r.FocusRank ?? int.MaxValue)
            .ThenBy(r => r.Status == (int)RelationshipStatus.Excluded)
            .ThenByDescending(r => r.Strength)
            .ThenBy(r => r.PersonKey, StringComparer.Ordinal)
            .Select(RelationshipEntry.From)
            .ToList();
        return new MailboxReport(box.UserPrincipalName, now, relationships, [.. suggestions.Select(SuggestionEntry.From)]);
    }

    public static async Task<Mailbox?> FindMailboxAsync(GraphNetworkerDbContext db, string mailbox, CancellationToken cancellationToken)
    {
        var wanted = mailbox.Trim().ToLowerInvariant();
        return await db.Mailboxes.AsNoTracking().FirstOrDefaultAsync(
            m => m.UserPrincipalName.ToLower() == wanted || m.Id.ToLower() == wanted || (m.PrimaryAddress != null && m.PrimaryAddress.ToLower() == wanted),
            cancellationToken);
    }
}

/// <summary>One person in the report.</summary>
public sealed record RelationshipEntry(
    [property: JsonPropertyName("person")] string Person,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("addresses")] IReadOnlyList<string> Addresses,
    [property: JsonPropertyName("lastContact")] DateTimeOffset? LastContact,
    [property: JsonPropertyName("lastContactChannel")] string? LastContactChannel,
    [property: JsonPropertyName("lastOutbound")] DateTimeOffset? LastOutbound,
    [property: JsonPropertyName("lastInbound")] DateTimeOffset? LastInbound,
    [property: JsonPropertyName("lastMeeting")] DateTimeOffset? LastMeeting,
    [property: JsonPropertyName("strength")] double Strength,
    [property: JsonPropertyName("peakStrength")] double PeakStrength,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("cadenceDays")] int CadenceDays,
    [property: JsonPropertyName("due")] DateTimeOffset? Due,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("excludedReason")] string? ExcludedReason,
    [property: JsonPropertyName("why")] IReadOnlyList<string> Why)
{
    public static RelationshipEntry From(RelationshipRow r) => new(
        r.PersonKey,
        r.DisplayName,
        JsonSerializer.Deserialize<List<string>>(r.Addresses) ?? [],
        Utc(r.LastContactAt),
        r.LastContactChannel switch
        {
            (int)ContactChannel.EmailSent => "email-sent",
            (int)ContactChannel.EmailReceived => "email-received",
            (int)ContactChannel.Meeting => "meeting",
            _ => null,
        },
        Utc(r.LastOutboundAt),
        Utc(r.LastInboundAt),
        Utc(r.LastMeetingAt),
        Math.Round(r.Strength),
        Math.Round(r.PeakStrength),
        ((Tier)r.Tier).ToString().ToLowerInvariant(),
        r.CadenceDays,
        Utc(r.DueAt),
        ((RelationshipStatus)r.Status).ToString().ToLowerInvariant(),
        r.ExcludedReason,
        JsonSerializer.Deserialize<List<string>>(r.Why) ?? []);

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

/// <summary>One suggestion in the report.</summary>
public sealed record SuggestionEntry(
    [property: JsonPropertyName("person")] string Person,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("graphId")] string? GraphId)
{
    public static SuggestionEntry From(SuggestionRow s) => new(
        s.PersonKey,
        s.Kind == (int)SuggestionKind.Hold ? "hold" : "task",
        s.Reason,
        ((SuggestionState)s.State) switch
        {
            SuggestionState.NotARelationship => "not-a-relationship",
            var state => state.ToString().ToLowerInvariant(),
        },
        s.GraphId);
}
