using GraphNetworker.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace GraphNetworker.Store.Items;

/// <summary>One interaction encoded for its row in <c>Items</c> (<see cref="ItemColumns"/>), folder and mailbox aside.</summary>
internal sealed record ItemRow(
    long Key,
    InteractionKind Kind,
    DateTime OccurredAt,
    DateTime? EndsAt,
    int ParticipantCount,
    long? MessageKey,
    BulkSignals Bulk,
    MeetingResponse Response,
    bool IsCancelled,
    bool IsOwnHold,
    byte[] GraphId,
    byte[] Participants,
    LinkFormat? LinkFormat,
    string? Link,
    string? Subject)
{
    /// <summary>The CLR type of each column, in <see cref="ItemColumns.All"/>'s order.</summary>
    public static readonly Type[] Types =
    [
        typeof(int), typeof(long), typeof(int), typeof(int), typeof(short), typeof(DateTime), typeof(DateTime?), typeof(int), typeof(long?),
        typeof(short), typeof(short), typeof(bool), typeof(bool), typeof(byte[]), typeof(byte[]), typeof(int?), typeof(string), typeof(string),
    ];

    /// <summary>The longest address a correspondent keeps (the mappers refuse longer addresses; the book bounds names).</summary>
    private const int MaxAddress = 320;

    public static ItemRow Encode(Interaction item, CorrespondentBook book, WebLinks links)
    {
        var (format, literal) = links.Split(item.WebLink, item.ItemId);
        return new ItemRow(
            GraphIds.Key(item.ItemId),
            item.Kind,
            item.OccurredAt.UtcDateTime,
            item.EndsAt?.UtcDateTime,
            item.ParticipantCount,
            item.MessageKey,
            item.Bulk,
            item.OwnerResponse,
            item.IsCancelled,
            item.IsOwnHold,
            GraphIds.Pack(item.ItemId),
            ParticipantBytes.Encode(Kept(item.Participants), book),
            format,
            literal,
            item.Subject is { Length: > 255 } subject ? subject[..255] : item.Subject);
    }

    /// <summary>The row's values in <see cref="ItemColumns.All"/>'s order.</summary>
    public object?[] Values(int mailbox, int folder, int generation) =>
    [
        mailbox, Key, folder, generation, (short)Kind, OccurredAt, EndsAt, ParticipantCount, MessageKey, (short)Bulk, (short)Response,
        IsCancelled, IsOwnHold, GraphId, Participants, LinkFormat?.Id, Link, Subject,
    ];

    /// <summary>
    /// The row's values bound to SQLite's insert or update statement, in <see cref="ItemColumns.All"/>'s order (the
    /// same as <see cref="Values"/>, without boxing each).
    /// </summary>
    public void BindTo(SqliteStatement statement, int mailbox, int folder, int generation)
    {
        statement.Bind(1, mailbox);
        statement.Bind(2, Key);
        statement.Bind(3, folder);
        statement.Bind(4, generation);
        statement.Bind(5, (short)Kind);
        statement.Bind(6, OccurredAt);
        statement.Bind(7, EndsAt);
        statement.Bind(8, ParticipantCount);
        statement.Bind(9, MessageKey);
        statement.Bind(10, (short)Bulk);
        statement.Bind(11, (short)Response);
        statement.Bind(12, IsCancelled ? 1 : 0);
        statement.Bind(13, IsOwnHold ? 1 : 0);
        statement.Bind(14, GraphId);
        statement.Bind(15, Participants);
        statement.Bind(16, LinkFormat?.Id);
        statement.Bind(17, Link);
        statement.Bind(18, Subject);
    }

    /// <summary>The row written to PostgreSQL's binary <c>COPY</c>, typed, in <see cref="ItemColumns.All"/>'s order.</summary>
    public async Task WriteToAsync(NpgsqlBinaryImporter copy, int mailbox, int folder, int generation, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(mailbox, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(Key, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(folder, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(generation, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync((short)Kind, NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync(OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await (EndsAt is { } ends ? copy.WriteAsync(ends, NpgsqlDbType.TimestampTz, cancellationToken) : copy.WriteNullAsync(cancellationToken));
        await copy.WriteAsync(ParticipantCount, NpgsqlDbType.Integer, cancellationToken);
        await (MessageKey is { } message ? copy.WriteAsync(message, NpgsqlDbType.Bigint, cancellationToken) : copy.WriteNullAsync(cancellationToken));
        await copy.WriteAsync((short)Bulk, NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync((short)Response, NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync(IsCancelled, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(IsOwnHold, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(GraphId, NpgsqlDbType.Bytea, cancellationToken);
        await copy.WriteAsync(Participants, NpgsqlDbType.Bytea, cancellationToken);
        await (LinkFormat is { } format ? copy.WriteAsync(format.Id, NpgsqlDbType.Integer, cancellationToken) : copy.WriteNullAsync(cancellationToken));
        await (Link is { } link ? copy.WriteAsync(link, NpgsqlDbType.Varchar, cancellationToken) : copy.WriteNullAsync(cancellationToken));
        await (Subject is { } subject ? copy.WriteAsync(subject, NpgsqlDbType.Varchar, cancellationToken) : copy.WriteNullAsync(cancellationToken));
    }

    /// <summary>Participants whose address fits a correspondent (a longer one is no person's, and was counted already).</summary>
    private static IReadOnlyList<Participant> Kept(IReadOnlyList<Participant> participants)
    {
        ArgumentNullException.ThrowIfNull(participants);
        for (var i = 0; i < participants.Count; i++)
        {
            if (!Fits(participants[i]))
            {
                return [.. participants.Where(Fits)];
            }
        }

        return participants;
    }

    private static bool Fits(Participant participant) => participant.Address is { Length: > 0 and <= MaxAddress };
}

/// <summary>What writing a page's items did.</summary>
internal sealed record ItemWrite(int Inserted, int Updated, int Removed, int Collisions, IReadOnlyCollection<LinkFormat> NewFormats);
