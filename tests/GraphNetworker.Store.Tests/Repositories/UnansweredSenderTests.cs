using GraphNetworker.Core.Model;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class UnansweredSenderTestsOnSqlite(SqliteServer server) : UnansweredSenderTests<SqliteServer>(server);

public sealed class UnansweredSenderTestsOnPostgres(PostgresServer server) : UnansweredSenderTests<PostgresServer>(server);

/// <summary>Senders no owner answers, worked out across mailboxes from their stored assessments.</summary>
public abstract class UnansweredSenderTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private static readonly DateTimeOffset At = new(2026, 2, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UnansweredSenders_WroteToManyMailboxesAndNobodyAnswered_Listed_AnsweredOrMetOnce_NotListed()
    {
        await using var services = Db.Services(Clock);
        var store = services.GetRequiredService<EvaluationStore>();
        var robot = "robot-" + Guid.NewGuid().ToString("N")[..8] + "@alerts.example";
        var person = "dana-" + Guid.NewGuid().ToString("N")[..8] + "@fabrikam.example";
        var met = "lee-" + Guid.NewGuid().ToString("N")[..8] + "@northwind.example";
        var chatter = "sam-" + Guid.NewGuid().ToString("N")[..8] + "@contoso.example";
        for (var i = 0; i < 4; i++)
        {
            var mailbox = (await TestData.AddMailboxAsync(Db, At.UtcDateTime, Ct)).Id;
            RelationshipAssessment[] people =
            [
                Person(robot, inbound: ContactChannel.EmailReceived),

                // Answered in one mailbox of four: a person.
                Person(person, inbound: ContactChannel.EmailReceived, outbound: i == 2),
                Person(met, inbound: ContactChannel.EmailReceived, meeting: i == 0),
                Person(chatter, inbound: i == 1 ? ContactChannel.TeamsChatReceived : ContactChannel.EmailReceived),
            ];
            await store.SaveAssessmentAsync(TestData.Fence(mailbox), new MailboxAssessment(At, people, [], [], []), new EvaluationStamp(null, At.AddDays(1), "engine"), Ct);
        }

        var unanswered = await services.GetRequiredService<DirectoryStore>().UnansweredSendersAsync(3, Ct);

        Assert.Contains(new UnansweredSender(robot, 4), unanswered);
        Assert.DoesNotContain(unanswered, u => u.Address == person || u.Address == met || u.Address == chatter);
        Assert.DoesNotContain(await services.GetRequiredService<DirectoryStore>().UnansweredSendersAsync(5, Ct), u => u.Address == robot);
    }

    private static RelationshipAssessment Person(string key, ContactChannel inbound, bool outbound = false, bool meeting = false) => new()
    {
        PersonKey = key,
        DisplayName = key,
        Addresses = [key],
        Cadence = new Cadence(TimeSpan.FromDays(105), TimeSpan.FromDays(150)),
        LastInbound = new ContactPoint(At.AddDays(-3), inbound, null, null, null),
        LastOutbound = outbound ? new ContactPoint(At.AddDays(-2), ContactChannel.EmailSent, null, null, null) : null,
        LastMeeting = meeting ? new ContactPoint(At.AddDays(-5), ContactChannel.Meeting, null, null, null) : null,
        Tier = Tier.Distant,
        Status = RelationshipStatus.Excluded,
        ExcludedReason = "Only ever wrote to you (one message); you never replied or met.",
        Why = ["Excluded."],
    };
}
