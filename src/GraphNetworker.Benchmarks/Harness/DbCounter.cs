using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// Counts EF Core's database commands (each one a round trip to a database server; in SQLite a statement batch) and
/// SaveChanges calls in this process, through EF Core's DiagnosticListener: no change to the product's registration.
/// </summary>
internal sealed partial class DbCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string SaveChangesCompleted = "Microsoft.EntityFrameworkCore.Update.SaveChangesCompleted";
    private const string QueryCompiling = "Microsoft.EntityFrameworkCore.Query.QueryCompilationStarting";
    private readonly IDisposable _all;
    private readonly List<IDisposable> _listeners = [];
    private long _commands;
    private long _saves;
    private long _compiled;
    private ConcurrentDictionary<string, int> _kinds = new(StringComparer.Ordinal);

    public DbCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref _commands);

    public long SaveChanges => Interlocked.Read(ref _saves);

    /// <summary>Commands by kind (the verb and the first table it names), most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Kinds => [.. _kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal)];

    /// <summary>LINQ queries compiled (a cache miss in EF Core's query cache: each costs generated code and JIT time).</summary>
    public long QueriesCompiled => Interlocked.Read(ref _compiled);

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _saves, 0);
        Interlocked.Exchange(ref _compiled, 0);
        _kinds = new(StringComparer.Ordinal);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this, name => name is CommandExecuted or SaveChangesCompleted or QueryCompiling));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == CommandExecuted)
        {
            Interlocked.Increment(ref _commands);
            if (value.Value is CommandExecutedEventData executed)
            {
                _kinds.AddOrUpdate(Kind(executed.Command.CommandText), 1, (_, n) => n + 1);
            }
        }
        else if (value.Key == SaveChangesCompleted)
        {
            Interlocked.Increment(ref _saves);
        }
        else if (value.Key == QueryCompiling)
        {
            Interlocked.Increment(ref _compiled);
        }
    }

    /// <summary>"SELECT mailboxes", "UPDATE folder_cursors": the statement's verb and the first table after FROM, INTO or UPDATE.</summary>
    private static string Kind(string sql)
    {
        var verb = Verb().Match(sql);
        var table = Table().Match(sql);
        return ((verb.Success ? verb.Groups[1].Value.ToUpperInvariant() : "?") + " " + (table.Success ? table.Groups[2].Value : "")).Trim();
    }

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|MERGE|COPY|WITH)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Verb();

    [GeneratedRegex(@"\b(FROM|INTO|UPDATE)\s+[\[""`]?(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex Table();

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_listeners)
        {
            _listeners.ForEach(l => l.Dispose());
        }
    }
}
