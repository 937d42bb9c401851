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
    private readonly IDisposable _all;
    private readonly List<IDisposable> _listeners = [];
    private long _commands;
    private long _saves;

    public DbCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public long Commands => Interlocked.Read(ref _commands);

    public long SaveChanges => Interlocked.Read(ref _saves);

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _saves, 0);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_listeners)
            {
                _listeners.Add(value.Subscribe(this, name => name is CommandExecuted or SaveChangesCompleted));
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
