using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Tests.Infrastructure;

internal static class HttpExtensions
{
    public static async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient http, string url, string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await ReadAsync(response), response);
    }

    public static async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> SendJsonAsync(this HttpClient http, HttpMethod method, string url, JsonNode? body, string? prefer = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await ReadAsync(response), response);
    }

    /// <summary>The path and query of an absolute link, relative to the client's base address.</summary>
    public static string Relative(this HttpClient http, string link) =>
        link.StartsWith(http.BaseAddress!.ToString(), StringComparison.Ordinal) ? link[http.BaseAddress!.ToString().Length..] : link;

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
    }

    public static JsonArray Values(this JsonObject? body) => (JsonArray)body!["value"]!;

    public static string Str(this JsonNode? node, string name) => node![name]!.GetValue<string>();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object body) =>
        http.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);
}
