using System.Text.Json;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Participants as the first schema stored them, compact JSON in one column
/// (<c>[{"a":address,"n":name,"r":role,"s":response,"x":isResource}]</c>): read once, by the upgrade to the compact items.
/// </summary>
internal static class LegacyParticipantJson
{
    public static IReadOnlyList<Participant> Decode(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new List<Participant>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            result.Add(new Participant(
                element.GetProperty("a").GetString() ?? string.Empty,
                element.TryGetProperty("n", out var name) ? name.GetString() : null,
                (ParticipantRole)element.GetProperty("r").GetInt32(),
                element.TryGetProperty("s", out var response) ? (MeetingResponse)response.GetInt32() : MeetingResponse.None,
                element.TryGetProperty("x", out var resource) && resource.GetBoolean()));
        }

        return result;
    }
}
