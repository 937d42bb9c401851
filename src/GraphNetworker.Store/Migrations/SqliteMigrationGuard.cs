using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Makes a SQLite migration all-or-nothing. SQLite rebuilds a table to change its columns, and EF Core must run the
/// rebuild outside a transaction (foreign keys are switched off around it), so a process killed part-way would leave
/// a half-migrated file that no later start can migrate. Before migrating, a consistent copy of the file is taken
/// (<c>VACUUM INTO</c>) and kept until the migration completes; a start that finds the copy restores it and
/// migrates again. An exclusive lock file keeps two processes sharing the file out of each other's way; the OS
/// releases it when a process dies.
/// </summary>
internal sealed class SqliteMigrationGuard : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly string _file;
    private readonly FileStream _lock;

    private SqliteMigrationGuard(string file, FileStream @lock)
    {
        _file = file;
        _lock = @lock;
    }

    /// <summary>The copy taken before a migration; it exists only while one runs (or after one was interrupted).</summary>
    public string CopyPath => _file + ".before-migration";

    public static async Task<SqliteMigrationGuard> EnterAsync(string file, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new SqliteMigrationGuard(file, new FileStream(file + ".migrating", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited < Patience)
            {
                // Another process is migrating this file: wait for it (its migration is ours too).
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
                waited += TimeSpan.FromMilliseconds(200);
            }
        }
    }

    /// <summary>Puts back the copy an interrupted migration left; true when there was one.</summary>
    public bool RestoreInterrupted()
    {
        if (!File.Exists(CopyPath))
        {
            return false;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }

        File.Move(CopyPath, _file);
        return true;
    }

    /// <summary>A consistent copy of the database as it is before the migration (nothing to copy for a new file).</summary>
    public async Task KeepCopyAsync(DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (!File.Exists(_file) || new FileInfo(_file).Length == 0)
        {
            return;
        }

        var partial = CopyPath + ".partial";
        File.Delete(partial);
        await database.ExecuteSqlRawAsync("VACUUM INTO {0}", [partial], cancellationToken);
        File.Move(partial, CopyPath);
    }

    public void Completed() => File.Delete(CopyPath);

    public async ValueTask DisposeAsync() => await _lock.DisposeAsync();
}
