using System.Text.Json;
using System.Text.Json.Serialization;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Repositories;

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
    public static async Task<MailboxReport?> LoadAsync(IServiceProvider services, string mailbox, CancellationToken cancellationToken)
    {
        var box = await services.GetRequiredService<MailboxRepository>().FindByNameAsync(mailbox, cancellationToken);
        if (box is null)
        {
            return null;
        }

        var queries = services.GetRequiredService<ReportQueries>();
        var relationships = await queries.RelationshipsAsync(box.Id, cancellationToken);
        var suggestions = await queries.SuggestionsAsync(box.Id, cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return new MailboxReport(box.UserPrincipalName, now, [.. relationships.Select(r => RelationshipEntry.From(r.Assessment))], [.. suggestions.Select(SuggestionEntry.From)]);
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
    public static RelationshipEntry From(RelationshipAssessment r) => new(
        r.PersonKey,
        r.DisplayName,
        r.Addresses,
        r.LastContact?.At,
        r.LastContact?.Channel switch
        {
            ContactChannel.EmailSent => "email-sent",
            ContactChannel.EmailReceived => "email-received",
            ContactChannel.Meeting => "meeting",
            ContactChannel.TeamsChatSent or ContactChannel.TeamsChatReceived => "teams-chat",
            ContactChannel.TeamsCall => "teams-call",
            _ => null,
        },
        r.LastOutbound?.At,
        r.LastInbound?.At,
        r.LastMeeting?.At,
        Math.Round(r.Strength),
        Math.Round(r.PeakStrength),
        r.Tier.ToString().ToLowerInvariant(),
        r.Cadence.DueDays,
        r.DueAt,
        r.Status.ToString().ToLowerInvariant(),
        r.ExcludedReason,
        r.Why);
}

/// <summary>One suggestion in the report.</summary>
public sealed record SuggestionEntry(
    [property: JsonPropertyName("person")] string Person,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("graphId")] string? GraphId)
{
    public static SuggestionEntry From(Suggestion s) => new(
        s.PersonKey,
        s.Kind == SuggestionKind.Hold ? "hold" : "task",
        s.Reason,
        s.State switch
        {
            SuggestionState.NotARelationship => "not-a-relationship",
            var state => state.ToString().ToLowerInvariant(),
        },
        s.GraphId);
}
