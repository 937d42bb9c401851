using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using GraphNetworker.Core.Model;
using GraphNetworker.Store.Items;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using IsolationLevel = System.Data.IsolationLevel;

namespace GraphNetworker.Store.SqlServer.Tests;

/// <summary>
/// The item statements the store writes by hand (not through EF Core) as SQL Server receives them: a page commit and a
/// page of the mailbox stream, captured from the real writer and reader on a connection to no server, parsed by SQL
/// Server's own T-SQL parser, and checked for what makes them right there (parameters under SQL Server's limit of
/// 2,100 a command, bracketed names, a row limit that is TOP, the key order).
/// </summary>
public sealed class ItemStatementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PageCommit_OnSqlServer_IsValidTSql_InMultiRowInsertsUnderTheParameterLimit()
    {
        var connection = new CapturingConnection();
        var writer = new ItemWriter(connection, new NoTransaction(connection), SqlDialect.SqlServer);
        var items = Enumerable.Range(0, 1000).Select(Item).ToList();

        var written = await writer.WriteAsync(7, 2, 1, items, ["AAMkRemoved="], new CorrespondentBook(), new WebLinks(), Ct);

        Assert.Equal((1000, 0, 0), (written.Inserted, written.Updated, written.Collisions));
        Assert.All(connection.Commands, command =>
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(command.Text), out var errors);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => e.Message))}\n{command.Text[..Math.Min(300, command.Text.Length)]}");
            Assert.InRange(command.Parameters, 0, 2000);
        });
        var inserts = connection.Commands.Where(c => c.Text.StartsWith("INSERT INTO [Items]", StringComparison.Ordinal)).ToList();
        Assert.Equal(1000, inserts.Sum(c => c.Parameters) / ItemColumns.All.Length);
        Assert.True(inserts.Count <= 10, $"{inserts.Count} inserts for a thousand items");
        Assert.Contains(connection.Commands, c => c.Text.StartsWith("INSERT INTO [Correspondents]", StringComparison.Ordinal));
        Assert.Contains(connection.Commands, c => c.Text.StartsWith("INSERT INTO [LinkFormats]", StringComparison.Ordinal) && c.Text.Contains("WITH (UPDLOCK, HOLDLOCK)", StringComparison.Ordinal));
        Assert.Contains(connection.Commands, c => c.Text.StartsWith("DELETE FROM [Items] WHERE [MailboxNumber] = @m AND [Folder] = @f AND [ItemKey] IN", StringComparison.Ordinal));
        Assert.DoesNotContain(connection.Commands, c => c.Text.Contains("MERGE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Relationships_OnSqlServer_AreValidTSql_InMultiRowInsertsUnderTheParameterLimit_TypedAsTheirColumns()
    {
        // A mailbox's assessments as SQL Server receives them: the columns and conversions of the SQL Server model.
        await using var db = new SqlServerContexts().CreateDbContext();
        var shape = RelationshipRows.Of(db.Model);
        var connection = new CapturingConnection();
        var at = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
        var people = Enumerable.Range(0, 500).Select(n => new RelationshipAssessment
        {
            PersonKey = $"person{n}@fabrikam.com",
            DisplayName = $"Person {n}",
            Addresses = [$"person{n}@fabrikam.com"],
            Cadence = new Cadence(TimeSpan.FromDays(14), TimeSpan.FromDays(28)),
            LastContact = n % 2 == 0 ? new ContactPoint(at, ContactChannel.EmailSent, $"AAMk{n}=", null, null) : null,
            Strength = n / 10.0,
        });

        await new ItemWriter(connection, new NoTransaction(connection), SqlDialect.SqlServer)
            .InsertAsync(shape.Table, shape.Columns, shape.Types, people.Select(p => shape.Values(p, new("mailbox-1", null, at))), Ct);

        Assert.Equal(56, shape.Columns.Length);
        Assert.All(connection.Commands, command =>
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(command.Text), out var errors);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => e.Message))}\n{command.Text[..Math.Min(300, command.Text.Length)]}");
            Assert.StartsWith("INSERT INTO [Relationships] ([MailboxId], [PersonKey], ", command.Text, StringComparison.Ordinal);
            Assert.InRange(command.Parameters, 0, 2000);
        });
        Assert.Equal(500, connection.Commands.Sum(c => c.Parameters) / shape.Columns.Length);
        Assert.True(connection.Commands.Count <= 15, $"{connection.Commands.Count} inserts for 500 people");

        // Times as datetime2 (not the imprecise datetime), nulls typed (no untyped nvarchar null), enums and days as numbers.
        var first = connection.Commands[0].Values;
        Assert.Equal(DbType.DateTime2, first[Array.IndexOf(shape.Columns, "EvaluatedAt")].DbType);
        Assert.Equal(DbType.DateTime2, first[Array.IndexOf(shape.Columns, "LastContactAt")].DbType);
        Assert.Equal((DbType.DateTime2, DBNull.Value), (first[shape.Columns.Length + Array.IndexOf(shape.Columns, "LastContactAt")].DbType, first[shape.Columns.Length + Array.IndexOf(shape.Columns, "LastContactAt")].Value));
        Assert.Equal((DbType.Double, (object)14.0), (first[Array.IndexOf(shape.Columns, "CadenceDueDays")].DbType, first[Array.IndexOf(shape.Columns, "CadenceDueDays")].Value));
        Assert.Equal(DbType.Int32, first[Array.IndexOf(shape.Columns, "Status")].DbType);
    }

    [Fact]
    public async Task StreamPage_OnSqlServer_TakesTopAlongTheKey()
    {
        var connection = new CapturingConnection();

        await ItemReader.PageAsync(connection, null, SqlDialect.SqlServer, 7, after: 42, size: 2000, new CorrespondentBook(), new WebLinks(), Ct);

        var select = Assert.Single(connection.Commands).Text;
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(select), out var errors);
        Assert.Empty(errors);
        Assert.StartsWith("SELECT TOP (2000) ", select, StringComparison.Ordinal);
        Assert.EndsWith("FROM [Items] WHERE [MailboxNumber] = @m AND [ItemKey] > @after ORDER BY [ItemKey]", select, StringComparison.Ordinal);
    }

    private static Interaction Item(int n)
    {
        var id = Convert.ToBase64String(BitConverter.GetBytes((long)n).Concat(new byte[105]).ToArray()).Replace('+', '-').Replace('/', '_');
        return new Interaction
        {
            ItemId = id,
            Kind = InteractionKind.EmailReceived,
            OccurredAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero).AddMinutes(n),
            ParticipantCount = 2,
            Participants = [new($"person{n % 50}@fabrikam.com", $"Person {n % 50}", ParticipantRole.From), new("avery.chen@contoso.com", "Avery Chen", ParticipantRole.To)],
            InternetMessageId = $"<{n}@fabrikam.com>",
            WebLink = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(id)}&exvsurl=1&viewmodel=ReadMessageItem",
        };
    }

    private sealed record Captured(string Text, int Parameters, DbParameter[] Values);

    /// <summary>A connection to no server that keeps each command's text and parameter count and answers with nothing.</summary>
    private sealed class CapturingConnection : DbConnection
    {
        public List<Captured> Commands { get; } = [];

        [AllowNull]
        public override string ConnectionString { get; set; } = string.Empty;

        public override string Database => "graphnetworker";

        public override string DataSource => "none";

        public override string ServerVersion => "16.00.1000";

        public override ConnectionState State => ConnectionState.Open;

        public override void ChangeDatabase(string databaseName)
        {
        }

        public override void Close()
        {
        }

        public override void Open()
        {
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new NoTransaction(this);

        protected override DbCommand CreateDbCommand() => new CapturingCommand(this);
    }

    private sealed class NoTransaction(DbConnection connection) : DbTransaction
    {
        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Test double: the text is the store's own.")]
    private sealed class CapturingCommand(CapturingConnection connection) : DbCommand
    {
        private readonly Microsoft.Data.SqlClient.SqlCommand _inner = new();

        [AllowNull]
        public override string CommandText { get => _inner.CommandText; set => _inner.CommandText = value; }

        public override int CommandTimeout { get; set; }

        public override CommandType CommandType { get; set; }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection { get; set; } = connection;

        protected override DbParameterCollection DbParameterCollection => _inner.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override int ExecuteNonQuery()
        {
            connection.Commands.Add(new Captured(CommandText, Parameters.Count, [.. Parameters.Cast<DbParameter>()]));
            return 1;
        }

        public override object? ExecuteScalar() => ExecuteNonQuery();

        public override void Prepare()
        {
        }

        protected override DbParameter CreateDbParameter() => _inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            ExecuteNonQuery();
            return new DataTable().CreateDataReader();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
