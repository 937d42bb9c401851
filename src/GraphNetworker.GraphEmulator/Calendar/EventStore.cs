using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Delta;
using GraphNetworker.GraphEmulator.Mail;
using GraphNetworker.GraphEmulator.Routing;

namespace GraphNetworker.GraphEmulator.Calendar;

/// <summary>
/// Event changes: create (with <c>transactionId</c> idempotency), update (turning an occurrence into an
/// exception), delete (deleting an occurrence cancels it in its series). Callers hold no lock.
/// </summary>
internal static class EventStore
{
    /// <summary>Creates an event from a POST body; returns the stored item and whether it already existed.</summary>
    public static (StoredItem Item, bool Replayed) Create(EmulatorState state, Mailbox mailbox, Directory.DirectoryUser owner, JsonObject body)
    {
        EventValidation.Validate(body, requireTimes: true);
        var payload = JsonExtensions.Canonical(body);
        var transactionId = body.GetString("transactionId");
        lock (mailbox.Gate)
        {
            if (transactionId is not null && mailbox.TransactionIds.TryGetValue(transactionId, out var earlier) &&
                mailbox.Events.TryFind(earlier.EventId, out var existing, out _))
            {
                return earlier.Payload == payload
                    ? (existing, true)
                    : throw new GraphException(state.Settings.DuplicateTransactionIdStatus, "ErrorDuplicateTransactionId",
                        "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.");
            }

            var id = state.Ids.Next(IdKind.Event);
            var data = ItemStamps.StripAnnotations(body.CloneObject());
            var now = state.Now;
            var version = state.NextVersion();
            data["createdDateTime"] = GraphTime.UtcPrecise(now);
            data["lastModifiedDateTime"] = GraphTime.UtcPrecise(now);
            data["changeKey"] = ItemStamps.ChangeKey(id, version);
            data["type"] = data["recurrence"] is JsonObject ? "seriesMaster" : "singleInstance";
            data.SetDefault("isOrganizer", true);
            data.SetDefault("responseStatus", new JsonObject { ["response"] = "organizer", ["time"] = "0001-01-01T00:00:00Z" });
            data.SetDefault("organizer", new JsonObject
            {
                ["emailAddress"] = new JsonObject { ["name"] = owner.DisplayName, ["address"] = owner.Mail ?? owner.UserPrincipalName },
            });
            var item = new StoredItem(id, id, JsonMaterializer.Materialize(data));
            mailbox.Events.Add(item, version);
            if (transactionId is not null)
            {
                mailbox.TransactionIds[transactionId] = (id, payload);
            }

            state.Stats.Invitations((data["attendees"] as JsonArray)?.Count ?? 0);
            return (item, false);
        }
    }

    /// <summary>Applies a PATCH; an occurrence id creates an exception with that id.</summary>
    public static StoredItem Update(EmulatorState state, Mailbox mailbox, string id, JsonObject patch)
    {
        EventValidation.Validate(patch, requireTimes: false);
        lock (mailbox.Gate)
        {
            var version = state.NextVersion();
            if (!mailbox.Events.TryFind(id, out var item, out var position))
            {
                var exception = ExceptionFromOccurrence(mailbox, id) ?? throw GraphErrors.ItemNotFound();
                var data = Merge(exception, patch);
                ItemStamps.Touch(data, id, version, state.Now);
                var created = new StoredItem(id, id, JsonMaterializer.Materialize(data));
                mailbox.Events.Add(created, version);
                return created;
            }

            if (patch.GetString("transactionId") is { } newTransaction && newTransaction != item.Data.GetString("transactionId"))
            {
                throw GraphErrors.InvalidRequest("The transactionId of an event can't be changed.");
            }

            var updated = Merge(item.Data, patch);
            ItemStamps.Touch(updated, item.Id, version, state.Now);
            var stored = item.With(JsonMaterializer.Materialize(updated));
            mailbox.Events.Replace(position, stored, version);
            var before = (item.Data["attendees"] as JsonArray)?.Count ?? 0;
            var after = (updated["attendees"] as JsonArray)?.Count ?? 0;
            state.Stats.Invitations(Math.Max(0, after - before));
            return stored;
        }
    }

    /// <summary>Deletes an event (a master takes its exceptions with it) or cancels one occurrence.</summary>
    public static void Delete(EmulatorState state, Mailbox mailbox, string id)
    {
        lock (mailbox.Gate)
        {
            if (mailbox.Events.TryFind(id, out var item, out var position))
            {
                mailbox.Events.Remove(position, state.NextVersion());
                if (CalendarExpansion.TypeOf(item) == "seriesMaster")
                {
                    foreach (var (p, e) in mailbox.Events.LiveItems().ToList())
                    {
                        if (e.Data.GetString("seriesMasterId") == item.Id)
                        {
                            mailbox.Events.Remove(p, state.NextVersion());
                        }
                    }
                }

                return;
            }

            if (!EventInstance.TryParseOccurrenceId(id, out var masterId, out _) ||
                !mailbox.Events.TryFind(masterId, out var master, out var masterPosition))
            {
                throw GraphErrors.ItemNotFound();
            }

            var data = master.Data.CloneObject();
            var cancelled = data["cancelledOccurrences"] as JsonArray ?? [];
            cancelled.Add(id);
            data["cancelledOccurrences"] = cancelled;
            var version = state.NextVersion();
            ItemStamps.Touch(data, master.Id, version, state.Now);
            mailbox.Events.Replace(masterPosition, master.With(JsonMaterializer.Materialize(data)), version);
        }
    }

    /// <summary>Adds an event exactly as given (seeding); defaults are applied when rendered.</summary>
    public static string AddStored(EmulatorState state, Mailbox mailbox, JsonObject ev)
    {
        lock (mailbox.Gate)
        {
            var id = ev.GetString("id") ?? state.Ids.Next(IdKind.Event);
            var data = ItemStamps.StripAnnotations(ev.CloneObject());
            var version = state.NextVersion();
            ItemStamps.EnsureStamps(data, id, state.Now);
            data["changeKey"] = ItemStamps.ChangeKey(id, version);
            mailbox.Events.Add(new StoredItem(id, id, JsonMaterializer.Materialize(data)), version);
            return id;
        }
    }

    /// <summary>Finds a stored event, or the master of an occurrence id.</summary>
    public static EventInstance? Find(Mailbox mailbox, string id)
    {
        if (mailbox.Events.TryFind(id, out var item, out _))
        {
            CalendarExpansion.TryTimes(item, out var s, out var e);
            var original = GraphTime.TryParseInstant(item.Data.GetString("originalStart"), out var os) ? os : (DateTimeOffset?)null;
            return new EventInstance(item.Id, item, s, e, CalendarExpansion.TypeOf(item), item.Data.GetString("seriesMasterId"), original);
        }

        if (EventInstance.TryParseOccurrenceId(id, out var masterId, out var start) && mailbox.Events.TryFind(masterId, out var master, out _) &&
            CalendarExpansion.TryTimes(master, out var ms, out var me))
        {
            var window = CalendarExpansion.Instances(mailbox.Events, master, start, start + (me - ms) + TimeSpan.FromTicks(1));
            return window.FirstOrDefault(i => i.Id == id);
        }

        return null;
    }

    private static JsonObject? ExceptionFromOccurrence(Mailbox mailbox, string id)
    {
        if (Find(mailbox, id) is not { Type: "occurrence" } occurrence)
        {
            return null;
        }

        var data = occurrence.Source.Data.CloneObject();
        data.Remove("recurrence");
        data.Remove("cancelledOccurrences");
        data["type"] = "exception";
        data["seriesMasterId"] = occurrence.SeriesMasterId;
        data["originalStart"] = GraphTime.Utc(occurrence.Start);
        data["start"] = GraphTime.ToDateTimeTimeZone(occurrence.Start, null);
        data["end"] = GraphTime.ToDateTimeTimeZone(occurrence.End, null);
        return data;
    }

    private static JsonObject Merge(JsonObject data, JsonObject patch)
    {
        var result = data.CloneObject();
        foreach (var (key, value) in ItemStamps.StripAnnotations(patch.CloneObject()))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }
}
