using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>The worker's loop. Section <c>GraphNetworker:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "GraphNetworker:Worker";

    /// <summary>Time between the starts of two cycles.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CycleInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a mailbox lease lasts without renewal (renewed every third of it while working).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>This worker's name in leases; by default the machine name and process id.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Write suggestions into Outlook (off: sync and score only).</summary>
    public bool WriteToOutlook { get; set; } = true;

    /// <summary>
    /// Score every mailbox every cycle, even when nothing it depends on changed (off by default: such a mailbox's last
    /// assessment still holds). The result is the same either way; this exists to prove it, and to compare costs.
    /// </summary>
    public bool EvaluateEveryCycle { get; set; }

    public string EffectiveWorkerId => string.IsNullOrWhiteSpace(WorkerId) ? $"{Environment.MachineName}/{Environment.ProcessId}" : WorkerId;
}

[OptionsValidator]
internal sealed partial class WorkerOptionsValidator : IValidateOptions<WorkerOptions>;
