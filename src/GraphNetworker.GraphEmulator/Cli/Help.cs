namespace GraphNetworker.GraphEmulator.Cli;

/// <summary>The text of <c>--help</c>.</summary>
internal static class Help
{
    public const string Text = """
        GraphNetworker Graph emulator: a local, stateful Microsoft Graph v1.0 (see docs/emulator.md).

        Usage: dotnet run --project src/GraphNetworker.GraphEmulator -- [options]

          --tenant <folder|synthetic:…>      Tenant snapshot folder, or synthetic:users=3,months=12,seed=42[,key=value…]
          --urls <url>                       Listen address (default http://127.0.0.1:<ephemeral>), e.g. http://127.0.0.1:5080
          --max-page-size <n>                Largest page Prefer: odata.maxpagesize may ask for (default 1000)
          --default-page-size <n>            Page size without Prefer (default 10)
          --latency <hh:mm:ss.fff>           Added to every HTTP request (e.g. 00:00:00.050)
          --throttling <true|false>          Per-mailbox limits (default on: 4 concurrent, 10000 per 10 minutes)
          --throttle-concurrency <n>         Concurrent requests per mailbox (default 4)
          --throttle-requests <n>            Requests per window per mailbox (default 10000)
          --throttle-window <hh:mm:ss>       The sliding window (default 00:10:00)
          --token-roles <spec>               token=Role1,Role2[@mbx1+mbx2];token2=*  (default: any token, all roles)
          --thin-occurrences                 calendarView occurrences carry only id/type/seriesMasterId/start/end
          --replay                           Repeat the last item of each delta page on the next page
          --empty-pages                      Start each delta round with an empty page
          --oversized-recurring-pages        Don't split a series across calendarView delta pages; repeat ids
          --expired-token-response <mode>    Gone410 (default) | ResyncRequired400 | SyncStateNotFound400
          --max-token-age <d.hh:mm:ss>       Delta tokens older than this expire (emulator clock)
          --request-log-capacity <n>         Requests kept in /_emulator/requests (0 = off; default 10000)
          --shuffle-batch                    Return $batch responses in a shuffled order
          --fidelity <strict|legacy>         Graph's strict behaviour (default) or the emulator's earlier lenient one
          --legacy <Behaviour,…>             Take these behaviours from the legacy preset, e.g. AdvancedQueries,BatchMailboxConcurrency
          --Emulator:Fidelity:<Behaviour> <v> One behaviour, e.g. --Emulator:Fidelity:TodoDateTimes UtcDateOnly (see docs/emulator.md)
          --clock <iso-8601>                 Start the emulator clock at this instant (reproducible synthetic data)
          --export <folder>                  Write the tenant as a snapshot folder and exit
          --export-on-exit <folder>          Write the tenant as a snapshot folder when stopped (Ctrl+C)
          --self-check <n>                   Read n mailboxes completely over HTTP, print requests/s and memory, exit

        Bearer token for the worker: emulator-token (any non-empty token works unless --token-roles is set).
        Environment variables also work: Emulator__Latency=00:00:00.050, Emulator__Throttling__Enabled=false.
        """;
}
