using System.Text.Json.Nodes;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>The special patterns of a synthetic mailbox (everything but the regular threads).</summary>
internal sealed partial class MailScenario
{
    /// <summary>The leaver: biweekly threads from the company address until they leave, then mail from the new company.</summary>
    private void Leaver()
    {
        var leaver = _people.Leaver;
        var leftAt = LeftAt(_clock);
        Threads(leaver, _clock.Cadence(_clock.Start, leftAt, TimeSpan.FromDays(14)), null);
        var renamed = leaver with { Address = _people.LeaverNewAddress, Domain = _people.NewEmployer.Domain, Company = _people.NewEmployer.Name, X500 = null };
        foreach (var fraction in new[] { 0.4, 0.6, 0.85 })
        {
            var when = _clock.WorkTime(leftAt + ((_clock.Now - leftAt) * fraction));
            var key = "leaver/" + when.ToUnixTimeSeconds();
            var subject = fraction < 0.5 ? "New chapter at " + _people.NewEmployer.Name : Topics.Subject(_clock.Random);
            Add("inbox", Inbound(Party.Of(renamed), renamed, subject, when, key));
            if (fraction > 0.5)
            {
                Add("sentitems", Outbound(renamed, "RE: " + subject, when.AddHours(3), key));
            }
        }
    }

    public static DateTimeOffset LeftAt(ScenarioClock clock) => clock.Now - (clock.History * 0.35);

    /// <summary>When a fading relationship went quiet: half the history ago, between one and seven months.</summary>
    public static DateTimeOffset FadeAt(ScenarioClock clock) =>
        clock.Now.AddDays(-30.4 * Math.Min(7, Math.Max(1, (clock.Now - clock.Start).TotalDays / 30.4 / 2)));

    /// <summary>A colleague who left long ago (now soft-deleted): a few threads early in the history.</summary>
    private void Departed()
    {
        var end = _clock.Start + (_clock.History * 0.3);
        Threads(_people.Departed, _clock.Cadence(_clock.Start, end, TimeSpan.FromDays(21)), null);
    }

    private void Newsletters()
    {
        var r = _clock.Random;
        foreach (var (name, address, listId) in _people.Newsletters)
        {
            var domain = address.Split('@')[1];
            foreach (var when in _clock.Cadence(_clock.Start, _clock.Now, TimeSpan.FromDays(7)))
            {
                var id = _factory.InternetMessageId(domain, internalSender: false);
                var headers = new JsonArray(
                    MessageFactory.Header("Message-ID", id),
                    MessageFactory.Header("List-Id", $"{name} <{listId}>"),
                    MessageFactory.Header("List-Unsubscribe", $"<mailto:unsubscribe@{domain}?subject=unsubscribe>, <https://{domain}/unsubscribe?list={listId}>"),
                    MessageFactory.Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                    MessageFactory.Header("Precedence", "bulk"));
                Add("inbox", _factory.Create(new MessageSpec
                {
                    From = new Party(name, address),
                    To = [Party.Of(_owner)],
                    Subject = name + ": " + Topics.Headline(r),
                    Sent = when,
                    ThreadKey = address + "/" + when.ToUnixTimeSeconds(),
                    InternetMessageId = id,
                    Inference = "other",
                    IsRead = r.NextDouble() < 0.3,
                    Headers = headers,
                }));
            }
        }
    }

    private void Notifications()
    {
        var r = _clock.Random;
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now, TimeSpan.FromDays(5)))
        {
            var (name, address) = _people.NoReply[r.Next(_people.NoReply.Count)];
            var domain = address.Split('@')[1];
            var id = _factory.InternetMessageId(domain, domain == _people.Domain);
            Add("inbox", _factory.Create(new MessageSpec
            {
                From = new Party(name, address),
                To = [Party.Of(_owner)],
                Subject = Topics.Notification(r),
                Sent = when,
                ThreadKey = address + "/" + when.ToUnixTimeSeconds(),
                InternetMessageId = id,
                Inference = r.NextDouble() < 0.7 ? "other" : "focused",
                Headers = new JsonArray(MessageFactory.Header("Message-ID", id), MessageFactory.Header("Auto-Submitted", "auto-generated")),
            }));
        }
    }

    /// <summary>Colleagues writing to the distribution list (the owner is not named as a recipient).</summary>
    private void DistributionList()
    {
        var r = _clock.Random;
        var list = new Party(_people.DistributionList.Name, _people.DistributionList.Address);
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now, TimeSpan.FromDays(30)))
        {
            var sender = _people.Peers[r.Next(_people.Peers.Count)];
            Add("inbox", _factory.Create(new MessageSpec
            {
                From = Party.Of(sender),
                To = [list],
                Subject = "[Sales] " + Topics.Subject(r),
                Sent = when,
                ThreadKey = list.Address + "/" + when.ToUnixTimeSeconds(),
                InternetMessageId = _factory.InternetMessageId(_people.Domain, internalSender: true),
            }));
        }
    }

    /// <summary>Monthly all-hands mail from the CEO to everybody (more than 15 recipients).</summary>
    private void Broadcasts()
    {
        var everyone = _people.Colleagues.Skip(1).Where(c => c != _people.Departed)
            .Concat(_people.MailboxUsers)
            .Select(Party.Of)
            .Append(new Party(_people.DistributionList.Name, _people.DistributionList.Address))
            .ToList();
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now, TimeSpan.FromDays(30)))
        {
            Add("inbox", _factory.Create(new MessageSpec
            {
                From = Party.Of(_people.Ceo),
                To = everyone,
                Subject = "All hands: " + when.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + " update",
                Sent = when,
                ThreadKey = "allhands/" + when.ToUnixTimeSeconds(),
                InternetMessageId = _factory.InternetMessageId(_people.Domain, internalSender: true),
            }));
        }
    }

    private void ColdInbound()
    {
        var r = _clock.Random;
        foreach (var contact in _rel.Cold)
        {
            var when = _clock.WorkTime(_clock.Start + (_clock.History * (0.2 + (r.NextDouble() * 0.75))));
            Add("inbox", Inbound(Party.Of(contact), contact, "Quick question about " + Topics.Headline(r).ToLowerInvariant(), when, "cold/" + contact.Address, isRead: false));
        }
    }

    /// <summary>The same messages (same internetMessageId) filed in Inbox and in "Projects".</summary>
    private void Copies()
    {
        var contact = _rel.Weekly[0];
        for (var i = 0; i < 3; i++)
        {
            var when = _clock.WorkTime(_clock.Now.AddDays(-10 - (i * 12)));
            var message = Inbound(Party.Of(contact), contact, "Project " + Topics.Codename(i) + ": status", when, "project/" + i);
            Add("inbox", message);
            Add(ProjectsFolder, (JsonObject)message.DeepClone());
            CopiedInternetMessageIds.Add(message["internetMessageId"]!.GetValue<string>());
        }
    }

    private void Singles()
    {
        var r = _clock.Random;
        var draftTo = _rel.Monthly[0];
        var draft = Outbound(draftTo, "Draft: catching up", _clock.WorkTime(_clock.Now.AddDays(-1)), "draft");
        draft["isDraft"] = true;
        draft["sentDateTime"] = null;
        Add("drafts", draft);

        var spammer = new Person("spam", "Prize Department", "Prize", "Department", "winner@lucky-prizes.biz", "winner", null, "Lucky Prizes", "lucky-prizes.biz", "UTC", null);
        Add("junkemail", Inbound(Party.Of(spammer), spammer, "You have won!!!", _clock.WorkTime(_clock.Now.AddDays(-3)), "junk", isRead: false));

        if (_folders.TryGetValue("inbox", out var inbox) && inbox.FirstOrDefault(m => m["inferenceClassification"]?.GetValue<string>() == "other") is { } newsletter)
        {
            inbox.Remove(newsletter);
            Add("deleteditems", newsletter);
        }

        _ = r;
    }

    /// <summary>
    /// Correspondents that are not people, and a person named by a handle. The two-way ones (a role address, a
    /// helpdesk, a pager gateway) are written to and answer, so only the noise rules keep them from being suggested;
    /// the robots only ever write. Drawn from a random of their own, after everything else, so the rest of the
    /// mailbox is what it was without them.
    /// </summary>
    private void NotPeople()
    {
        var r = new Random((int)(Core.Hashing.Of(_owner.Address) & 0x7fffffff));
        var span = _clock.Now - _clock.Start;
        foreach (var (name, address, twoWay) in _people.SystemSenders)
        {
            var sender = new Party(name, address);
            var domain = address.Split('@')[1];
            for (var i = 0; i < 4; i++)
            {
                var when = _clock.WorkTime(_clock.Start + (span * (0.1 + (0.2 * i) + (r.NextDouble() * 0.1))));
                var key = "system/" + address + "/" + i;
                var subject = twoWay ? "Request " + (4100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) : name + ": " + Topics.Headline(r);
                if (twoWay)
                {
                    Add("sentitems", Message(Party.Of(_owner), sender, subject, when, key, _people.Domain, outbound: true));
                }

                Add("inbox", Message(sender, Party.Of(_owner), twoWay ? "RE: " + subject : subject, when.AddHours(2), key, domain, outbound: false));
            }
        }

        var (handle, handleAddress) = _people.HandleNamed;
        var person = new Party(handle, handleAddress);
        foreach (var when in _clock.Cadence(_clock.Start, _clock.Now.AddDays(-25), TimeSpan.FromDays(45)))
        {
            var key = "handle/" + when.ToUnixTimeSeconds();
            var subject = Topics.Subject(r);
            Add("inbox", Message(person, Party.Of(_owner), subject, when, key, handleAddress.Split('@')[1], outbound: false));
            Add("sentitems", Message(Party.Of(_owner), person, "RE: " + subject, when.AddHours(3), key, _people.Domain, outbound: true));
        }
    }

    private JsonObject Message(Party from, Party to, string subject, DateTimeOffset when, string key, string domain, bool outbound) =>
        _factory.Create(new MessageSpec
        {
            From = from,
            To = [to],
            Subject = subject,
            Sent = when,
            ThreadKey = key,
            InternetMessageId = _factory.InternetMessageId(domain, domain == _people.Domain),
            Outbound = outbound,
        });

    /// <summary>Extra inbound mail from colleagues until the mailbox holds <paramref name="fillTo"/> messages.</summary>
    private void Filler(int fillTo)
    {
        var r = _clock.Random;
        var count = _folders.Values.Sum(l => l.Count);
        for (var i = count; i < fillTo; i++)
        {
            var sender = _people.Colleagues[r.Next(_people.Colleagues.Count)];
            var when = _clock.WorkTime(_clock.Start + (_clock.History * r.NextDouble()));
            Add("inbox", Inbound(Party.Of(sender), sender, Topics.Subject(r), when, "filler/" + i));
        }
    }
}
