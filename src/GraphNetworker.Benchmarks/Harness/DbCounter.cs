using System.Diagnostics;

namespace GraphNetworker.Benchmarks.Harness;

/// <summary>
/// Counts EF Core's database commands (each one a round trip to a database server; in SQLite a statement batch) and
/// SaveChanges calls in this process, through EF Core's DiagnosticListener: no change to the product's registration.
/// </summary>
internal sealed class DbCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";
    private const string SaveChangesCompleted = "Microsoft.EntityFrameworkCore.Update.SaveChangesCompleted";
    private const string QueryCompiling = "Microsoft.EntityFrameworkCore.Query.QueryCompilationStarting";
    private readonly IDisposable _all;
    private readonly List<IDisposable> _listeners = [];
    private long _commands;
    private long _saves;
    private long _compiled;

    public DbCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref _commands);

    public long SaveChanges => Interlocked.Read(ref _saves);

    /// <summary>LINQ queries compiled (a cache miss in EF Core's query cache: each costs generated code and JIT time).</summary>
    public long QueriesCompiled => Interlocked.Read(ref _compiled);

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _saves, 0);
        Interlocked.Exchange(ref _compiled, 0);
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
