using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Core;

/// <summary>
/// JsonNode.Parse builds objects lazily and that first access is not thread-safe. Stored data is walked once
/// here so that concurrent requests may read it afterwards without a lock.
/// </summary>
internal static class JsonMaterializer
{
    public static T Materialize<T>(T node)
        where T : JsonNode?
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Materialize(value);
                }

                break;
            case JsonArray array:
                foreach (var value in array)
                {
                    Materialize(value);
                }

                break;
        }

        return node;
    }
}
