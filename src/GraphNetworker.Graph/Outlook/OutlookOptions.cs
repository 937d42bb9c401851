using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Graph.Outlook;

/// <summary>What GraphNetworker writes into Outlook. Section <c>GraphNetworker:Outlook</c>.</summary>
public sealed class OutlookOptions
{
    public const string SectionName = "GraphNetworker:Outlook";

    /// <summary>The To Do list that holds the suggestions (created when missing, found again by name).</summary>
    [Required]
    [MaxLength(255)]
    public string ListName { get; set; } = "Keep in touch";

    /// <summary>The category on tasks and holds.</summary>
    [Required]
    [MaxLength(255)]
    public string Category { get; set; } = "Keep in touch";

    public bool WriteTasks { get; set; } = true;

    public bool WriteHolds { get; set; } = true;

    [Range(typeof(TimeSpan), "00:15:00", "02:00:00")]
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Holds are placed within this many working days from tomorrow.</summary>
    [Range(1, 30)]
    public int HoldSearchWorkingDays { get; set; } = 10;

    /// <summary>Keep holds this far from the start and the end of the working day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "04:00:00")]
    public TimeSpan DayEdgeBuffer { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The task reminder's time of day, in the user's time zone.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:00")]
    public TimeSpan ReminderTimeOfDay { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Name of the extended property that marks holds as GraphNetworker's (its GUID is fixed).</summary>
    public const string HoldMarker = "String {6f0c4a1e-7c6b-4e43-9a55-3c1b2b7c9d10} Name GraphNetworkerSuggestion";

    public const string ApplicationName = "GraphNetworker";
}

[OptionsValidator]
internal sealed partial class OutlookOptionsValidator : IValidateOptions<OutlookOptions>;
