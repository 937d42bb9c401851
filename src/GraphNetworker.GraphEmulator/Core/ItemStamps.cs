using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>Outlook bookkeeping on stored items: changeKey (the etag), created and modified times.</summary>
internal static class ItemStamps
{
    private static readonly string[] Annotations = ["@odata.etag", "@odata.type", "@odata.context", "@odata.id", "id"];

    /// <summary>A changeKey such as <c>CQAAABYAAAARn2vdzPFjSbaPPxzjlzOTAAASsKZz</c>, derived from id and version.</summary>
    public static string ChangeKey(string id, long version)
    {
        Span<byte> bytes = stackalloc byte[30];
        bytes[0] = 0x09;
        bytes[4] = 0x16;
        var h = Hashing.Mix(Hashing.Of(id), (ulong)version);
        Span<byte> tmp = stackalloc byte[8];
        for (var i = 8; i < 30; i += 8)
        {
            h = Hashing.SplitMix(h);
            BinaryPrimitives.WriteUInt64LittleEndian(tmp, h);
            tmp[..Math.Min(8, 30 - i)].CopyTo(bytes[i..]);
        }

        return Convert.ToBase64String(bytes);
    }

    public static string ETag(JsonObject data) => "W/\"" + (data.GetString("changeKey") ?? string.Empty) + "\"";

    /// <summary>Removes ids and OData annotations that are rendered per request, not stored.</summary>
    public static JsonObject StripAnnotations(JsonObject data)
    {
        foreach (var name in Annotations)
        {
            data.Remove(name);
        }

        return data;
    }

    /// <summary>Sets created/modified/changeKey when a loaded item lacks them.</summary>
    public static JsonObject EnsureStamps(JsonObject data, string id, DateTimeOffset fallback)
    {
        var created = data.GetString("createdDateTime") ?? GraphTime.UtcPrecise(fallback);
        data.SetDefault("createdDateTime", created);
        data.SetDefault("lastModifiedDateTime", created);
        data.SetDefault("changeKey", ChangeKey(id, 0));
        return data;
    }

    /// <summary>Marks a change: new lastModifiedDateTime and changeKey.</summary>
    public static JsonObject Touch(JsonObject data, string id, long version, DateTimeOffset now)
    {
        data["lastModifiedDateTime"] = GraphTime.UtcPrecise(now);
        data["changeKey"] = ChangeKey(id, version);
        return data;
    }
}
