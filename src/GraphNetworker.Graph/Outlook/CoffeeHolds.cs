using System.Globalization;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph.Access;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;

namespace GraphNetworker.Graph.Outlook;

/// <summary>
/// Tentative, private coffee holds on the user's own calendar, with no attendees (no invitation is ever sent). The
/// slot comes from getSchedule (free/busy and working hours) because findMeetingTimes refuses app-only callers. The
/// suggestion id is the event's <c>transactionId</c>, so a retry never makes a second hold, and an extended property
/// marks the event as ours so it can be found again.
/// </summary>
internal sealed class CoffeeHolds(GraphServiceClient client, IOutlookLedger ledger, OutlookOptions options, LeaseFence fence)
{
    private static readonly HashSet<FreeBusyStatus?> Free = [FreeBusyStatus.Free, null];

    /// <summary>Our hold as it is in the calendar: its id and the slot it actually holds.</summary>
    public sealed record Hold(string Id, DateTimeOffset? Start, DateTimeOffset? End);

    /// <summary>
    /// Places the hold for a suggestion: the one an earlier attempt already made (a crash before the store recorded it),
    /// else a new one in the first free slot. Returns the hold and whether it was created; null when no slot is free.
    /// </summary>
    public async Task<(Hold Hold, bool Created)?> PlaceAsync(MailboxProfile mailbox, Suggestion suggestion, RelationshipAssessment? relationship, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindAsync(mailbox.Id, suggestion.Id, cancellationToken) is { } existing)
        {
            await RecordFoundAsync(mailbox.Id, suggestion.Id, existing, cancellationToken);
            return (existing, false);
        }

        return await FindSlotAsync(mailbox, now, cancellationToken) is { } slot
            ? await WriteAsync(mailbox, suggestion, relationship, slot, now, cancellationToken)
            : null;
    }

    /// <summary>The first good slot in the next working days, or null when the calendar is full.</summary>
    public async Task<(DateTimeOffset Start, DateTimeOffset End)?> FindSlotAsync(MailboxProfile mailbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The search starts at the beginning of the user's next local day, as the slot finder does: from UTC midnight a
        // user west of UTC would have the morning of their tomorrow left unread, and a hold could land on a meeting.
        var zone = Zones.Of(mailbox.TimeZone).Info;
        var tomorrow = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        var from = Zones.LocalToUtc(tomorrow, zone).UtcDateTime;
        var to = Zones.LocalToUtc(tomorrow.AddDays((options.HoldSearchWorkingDays * 7 / 5) + 4), zone).UtcDateTime;
        var response = await client.Users[mailbox.Id].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
        {
            Schedules = [mailbox.ScheduleAddress],
            StartTime = new DateTimeTimeZone { DateTime = from.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" },
            EndTime = new DateTimeTimeZone { DateTime = to.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" },
            AvailabilityViewInterval = 30,
        }, c =>
        {
            c.Headers.Add("Prefer", "outlook.timezone=\"UTC\"");
            c.Options.Add(IdempotentRequestOption.Instance); // a read: free/busy, nothing is created
        }, cancellationToken);

        var schedule = response?.Value?.FirstOrDefault();
        var busy = (schedule?.ScheduleItems ?? [])
            .Where(i => !Free.Contains(i.Status))
            .Select(i => (Start: Zones.ToUtc(i.Start), End: Zones.ToUtc(i.End)))
            .Where(i => i.Start is not null && i.End is not null)
            .Select(i => new BusySpan(i.Start!.Value, i.End!.Value))
            .ToList();
        return SlotFinder.Find(now, WorkingHoursOf(schedule?.WorkingHours, mailbox), busy, options.HoldDuration, options.HoldSearchWorkingDays, options.DayEdgeBuffer);
    }

    /// <summary>Creates the hold; one Graph already holds under its transactionId (ErrorDuplicateTransactionId) is recorded as found, not created.</summary>
    private async Task<(Hold Hold, bool Created)> WriteAsync(MailboxProfile mailbox, Suggestion suggestion, RelationshipAssessment? relationship, (DateTimeOffset Start, DateTimeOffset End) slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = Zones.Of(mailbox.TimeZone);
        var hold = new Event
        {
            Subject = SuggestionText.HoldSubject(suggestion),
            Body = new ItemBody { ContentType = BodyType.Text, Content = SuggestionText.HoldBody(suggestion, relationship, now) },
            Start = Local(slot.Start, zone),
            End = Local(slot.End, zone),
            ShowAs = FreeBusyStatus.Tentative,
            Sensitivity = Sensitivity.Private,
            Categories = [options.Category],
            IsReminderOn = true,
            ReminderMinutesBeforeStart = 15,
            ResponseRequested = false,
            Attendees = [],
            TransactionId = suggestion.Id,
            SingleValueExtendedProperties = [new SingleValueLegacyExtendedProperty { Id = OutlookOptions.HoldMarker, Value = suggestion.Id }],
        };

        var write = await ledger.BeginWriteAsync(fence, suggestion.Id, OutlookOperation.CreateHold, cancellationToken);
        string id;
        try
        {
            var created = await client.Users[mailbox.Id].Events.PostAsync(hold, c =>
            {
                c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
                c.Options.Add(IdempotentRequestOption.Instance);
            }, cancellationToken);
            id = created?.Id ?? throw new InvalidOperationException("Graph returned no event.");
        }
        catch (ODataError e) when (e.Error?.Code == "ErrorDuplicateTransactionId")
        {
            // Another worker created it between our search and our POST: record that one, in its own slot.
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Failed, null, "ErrorDuplicateTransactionId", CancellationToken.None);
            var existing = await FindAsync(mailbox.Id, suggestion.Id, cancellationToken)
                ?? throw new InvalidOperationException("A hold with this transaction id exists but cannot be found.", e);
            await RecordFoundAsync(mailbox.Id, suggestion.Id, existing, cancellationToken);
            return (existing, false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await ledger.EndWriteAsync(write, OutlookWriteStatus.Failed, null, e.GetType().Name, CancellationToken.None);
            throw;
        }

        await ledger.MarkWrittenAsync(fence, suggestion.Id, id, null, SuggestionKind.Hold, slot.Start, slot.End, cancellationToken);
        await ledger.EndWriteAsync(write, OutlookWriteStatus.Succeeded, id, null, cancellationToken);
        return (new Hold(id, slot.Start, slot.End), true);
    }

    /// <summary>Our hold for a suggestion, found by the extended property that marks it, with the slot it holds.</summary>
    private async Task<Hold?> FindAsync(string mailboxId, string suggestionId, CancellationToken cancellationToken)
    {
        var found = await client.Users[mailboxId].Events.GetAsync(c =>
        {
            c.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{OutlookOptions.HoldMarker}' and ep/value eq '{suggestionId}')";
            c.QueryParameters.Select = ["id", "start", "end"];
            c.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
        }, cancellationToken);
        return found?.Value?.FirstOrDefault() is { Id: { } id } ev ? new Hold(id, Zones.ToUtc(ev.Start), Zones.ToUtc(ev.End)) : null;
    }

    private async Task RecordFoundAsync(string mailboxId, string suggestionId, Hold hold, CancellationToken cancellationToken)
    {
        var noted = await ledger.BeginWriteAsync(fence, suggestionId, OutlookOperation.FoundHold, cancellationToken);
        await ledger.MarkWrittenAsync(fence, suggestionId, hold.Id, null, SuggestionKind.Hold, hold.Start, hold.End, cancellationToken);

        // The calendar sync may have stored this event before we knew it was ours (the crash came between the create
        // and its record): it is a hold, not a meeting the user set up.
        await ledger.MarkOwnHoldAsync(mailboxId, hold.Id, cancellationToken);
        await ledger.EndWriteAsync(noted, OutlookWriteStatus.Succeeded, hold.Id, null, cancellationToken);
    }

    /// <summary>
    /// What became of each open hold, from the calendar as the sync just stored it: deleted (snooze), turned into a
    /// meeting with someone (the meeting counts as contact), or passed unused (recorded, never re-created that week).
    /// Holds written after the last completed calendar sync are not judged yet. Returns how many answers were recorded.
    /// </summary>
    public async Task<int> ReadBackAsync(string mailboxId, IEnumerable<Suggestion> open, DateTimeOffset? calendarSyncedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var answers = 0;
        foreach (var hold in open.Where(h => h.GraphId is not null && h.WrittenAt < calendarSyncedAt))
        {
            var item = await ledger.CalendarItemAsync(mailboxId, hold.GraphId!, cancellationToken);
            var ended = (item?.EndsAt ?? hold.HoldEnd) is { } end && end <= now;
            if (item is not null && !item.IsOwnHold)
            {
                await ledger.ResolveAsync(fence, hold.Id, SuggestionState.Completed, item.OccurredAt, cancellationToken);
            }
            else if (ended)
            {
                await ledger.ResolveAsync(fence, hold.Id, SuggestionState.Expired, now, cancellationToken);
            }
            else if (item is null)
            {
                await ledger.ResolveAsync(fence, hold.Id, SuggestionState.Dismissed, now, cancellationToken);
            }
            else
            {
                continue;
            }

            answers++;
        }

        return answers;
    }

    private static DateTimeTimeZone Local(DateTimeOffset utc, (string Name, TimeZoneInfo Info) zone) => new()
    {
        DateTime = TimeZoneInfo.ConvertTime(utc, zone.Info).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = zone.Name,
    };

    private static WorkingHours WorkingHoursOf(Microsoft.Graph.Models.WorkingHours? hours, MailboxProfile mailbox)
    {
        var zone = hours?.TimeZone?.Name is { } name && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var found) ? found : Zones.Of(mailbox.TimeZone).Info;
        if (hours?.DaysOfWeek is not { Count: > 0 } days || hours.StartTime is not { } start || hours.EndTime is not { } end)
        {
            return WorkingHours.Default(zone);
        }

        var set = days.OfType<Microsoft.Graph.Models.DayOfWeekObject>().Select(d => (System.DayOfWeek)(int)d).ToHashSet();
        return new WorkingHours(set, new TimeSpan(start.Hour, start.Minute, 0), new TimeSpan(end.Hour, end.Minute, 0), zone);
    }
}
