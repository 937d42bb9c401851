using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Cli;

/// <summary>
/// <c>--self-check N</c>: reads N mailboxes completely over HTTP (inbox and sent items message delta with
/// 1,000-item pages, a 90-day calendarView delta), 8 mailboxes at a time, then prints throughput and memory.
/// It measures the emulator, not the worker; the figures in docs/emulator.md come from it.
/// </summary>
internal static class SelfCheck
{
    private const int Parallel = 8;

    public static async Task RunAsync(GraphEmulatorServer server, int mailboxes, TextWriter output)
    {
        var users = server.Control.GetState()["mailboxUsers"]!.GetValue<int>();
        var ids = await UserIdsAsync(server, Math.Min(mailboxes, users));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GraphEmulatorOptions.DeveloperToken);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        long items = 0;
        long requests = 0;
        using var gate = new SemaphoreSlim(Parallel);
        var now = server.Control.Now;
        var window = $"startDateTime={now.AddDays(-90):yyyy-MM-ddTHH:mm:ssZ}&endDateTime={now:yyyy-MM-ddTHH:mm:ssZ}";
        await Task.WhenAll(ids.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                foreach (var url in new[] { $"users/{id}/mailFolders/inbox/messages/delta?$select=id,from,toRecipients,receivedDateTime", $"users/{id}/mailFolders/sentitems/messages/delta?$select=id,toRecipients,sentDateTime", $"users/{id}/calendarView/delta?{window}" })
                {
                    var (n, r) = await RoundAsync(http, url);
                    Interlocked.Add(ref items, n);
                    Interlocked.Add(ref requests, r);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        watch.Stop();
        var small = await SmallRequestsAsync(http, ids);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"self-check: {ids.Count} mailboxes, {items} items, {requests} requests in {seconds:F1} s = {requests / seconds:F0} requests/s, {items / seconds:F0} items/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"small requests (GET mailFolders/inbox, {Parallel} in parallel): {small:F0} requests/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed heap: {before / 1048576.0:F1} MB before, {after / 1048576.0:F1} MB after; working set {Environment.WorkingSet / 1048576.0:F1} MB"));
    }

    private static async Task<List<string>> UserIdsAsync(GraphEmulatorServer server, int count)
    {
        var manifest = server.Control.SyntheticManifest;
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GraphEmulatorOptions.DeveloperToken);
        var ids = new List<string>();
        var next = manifest is null ? "users?$select=id&$top=999" : $"groups/{manifest.GroupId}/transitiveMembers/microsoft.graph.user?$select=id&$top=999";
        while (next is not null && ids.Count < count)
        {
            var page = JsonNode.Parse(await http.GetStringAsync(next))!;
            ids.AddRange(page["value"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()));
            next = page["@odata.nextLink"]?.GetValue<string>();
        }

        return ids.Take(count).ToList();
    }

    private static async Task<double> SmallRequestsAsync(HttpClient http, List<string> ids)
    {
        const int Count = 4000;
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Parallel);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await http.GetAsync($"users/{ids[i % ids.Count]}/mailFolders/inbox");
            }
            finally
            {
                gate.Release();
            }
        }));
        return Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<(long Items, long Requests)> RoundAsync(HttpClient http, string url)
    {
        long items = 0, requests = 0;
        string? next = url;
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=1000");
            using var response = await http.SendAsync(request);
            requests++;
            if ((int)response.StatusCode == 429)
            {
                continue;
            }

            response.EnsureSuccessStatusCode();
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            items += page["value"]!.AsArray().Count;
            next = page["@odata.nextLink"]?.GetValue<string>();
        }

        return (items, requests);
    }
}
