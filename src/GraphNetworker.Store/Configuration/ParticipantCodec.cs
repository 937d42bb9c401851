using System.Buffers;
using System.Text.Json;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Configuration;

/// <summary>
/// Participants as compact JSON in one column: <c>[{"a":address,"n":name,"r":role,"s":response,"x":isResource}]</c>.
/// One row per item keeps a page commit to one statement per item, whatever the number of recipients.
/// </summary>
internal static class ParticipantCodec
{
    public static string Encode(IEnumerable<Participant> participants)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var p in participants)
            {
                writer.WriteStartObject();
                writer.WriteString("a", p.Address);
                if (p.DisplayName is not null)
                {
                    writer.WriteString("n", p.DisplayName);
                }

                writer.WriteNumber("r", (int)p.Role);
                if (p.Response != MeetingResponse.None)
                {
                    writer.WriteNumber("s", (int)p.Response);
                }

                if (p.IsResource)
                {
                    writer.WriteBoolean("x", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

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
