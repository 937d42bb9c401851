using GraphNetworker.Core.Ports;

namespace GraphNetworker.Store.Entities;

/// <summary>The ledger of every write to a user's Outlook, begun before the request and completed after it.</summary>
public sealed class OutlookWrite
{
    public long Id { get; set; }

    public required string MailboxId { get; set; }

    public string? SuggestionId { get; set; }

    public OutlookOperation Operation { get; set; }

    public OutlookWriteStatus Status { get; set; }

    public string? GraphId { get; set; }

    public string? RequestId { get; set; }

    public string? Error { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}
