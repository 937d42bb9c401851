using GraphNetworker.Core.Model;
using GraphNetworker.Store.Repositories;
using GraphNetworker.Store.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Store.Tests.Repositories;

public sealed class UserDecisionsTestsOnSqlite(SqliteServer server) : UserDecisionsTests<SqliteServer>(server);

public sealed class UserDecisionsTestsOnPostgres(PostgresServer server) : UserDecisionsTests<PostgresServer>(server);

/// <summary>What users and administrators decide reaches the engine as its own types: links with their verdicts, blocklists with their scope.</summary>
public abstract class UserDecisionsTests<TServer>(TServer server) : StoreTest<TServer>(server)
    where TServer : StoreServer
{
    private static readonly PersonLink Moved = new("sam@contoso.com", "sam@northwind.com", "sam@contoso.com", "sam@northwind.com", "Sam's account closed; the same name writes from northwind.com.");

    [Fact]
    public async Task Unlink_ALinkTheEngineMade_IsRejectedForTheEngine_AndExplainedWithItsReason()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, TestData.Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var evaluation = services.GetRequiredService<EvaluationStore>();
        var decisions = services.GetRequiredService<UserDecisions>();
        await evaluation.SaveAssessmentAsync(TestData.Fence(mailbox), new MailboxAssessment(Clock.GetUtcNow(), [], [], [], [Moved]), new EvaluationStamp(null, Clock.GetUtcNow().AddDays(1), "engine"), Ct);

        var unanswered = await decisions.LinksAsync(mailbox, "sam@contoso.com", Ct);
        var stateBefore = await evaluation.LoadUserStateAsync(mailbox, [], Ct);
        await decisions.ApplyAsync(mailbox, "sam@contoso.com", new PersonOverride(UnlinkFrom: "sam@northwind.com"), Ct);
        await decisions.ApplyAsync(mailbox, "sam@contoso.com", new PersonOverride(LinkTo: "sam@personal.example"), Ct);

        // Unanswered, the engine's link stands and binds nothing: the engine makes it again only while it still holds.
        Assert.Equal((true, Moved.Reason), (Assert.Single(unanswered).Accepted, unanswered[0].Reason));
        Assert.Empty(stateBefore.Links);
        var state = await evaluation.LoadUserStateAsync(mailbox, [], Ct);
        Assert.Equal(
            [new LinkDecision("sam@contoso.com", "sam@northwind.com", false) { Reason = Moved.Reason }, new LinkDecision("sam@contoso.com", "sam@personal.example", true) { Reason = "Linked by you." }],
            state.Links.OrderBy(l => l.ToKey, StringComparer.Ordinal));
        Assert.Equal(2, (await decisions.LinksAsync(mailbox, "sam@contoso.com", Ct)).Count);
    }

    [Fact]
    public async Task SetExclusion_AdministratorsAndUsersRules_ReachTheEngineWithTheirScope_AndCanBeRemoved()
    {
        var mailbox = (await TestData.AddMailboxAsync(Db, TestData.Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        var other = (await TestData.AddMailboxAsync(Db, TestData.Utc("2026-01-01T00:00:00Z"), Ct)).Id;
        await using var services = Db.Services(Clock);
        var decisions = services.GetRequiredService<UserDecisions>();
        var admin = $"@competitor-{Guid.NewGuid():N}.example";

        Assert.Equal(admin, await decisions.SetExclusionAsync(null, " " + admin.ToUpperInvariant() + " ", "A competitor", remove: false, Ct));
        await decisions.SetExclusionAsync(mailbox, "news*@*", null, remove: false, Ct);
        await decisions.SetExclusionAsync(mailbox, "news*@*", null, remove: false, Ct);
        await decisions.SetExclusionAsync(other, "fabrikam.com", null, remove: false, Ct);
        var before = await services.GetRequiredService<EvaluationStore>().LoadUserStateAsync(mailbox, [], Ct);
        await decisions.SetExclusionAsync(mailbox, "news*@*", null, remove: true, Ct);
        var after = await services.GetRequiredService<EvaluationStore>().LoadUserStateAsync(mailbox, [], Ct);

        Assert.Equal([new ExclusionRule(admin, RuleScope.Admin, "A competitor"), new ExclusionRule("news*@*", RuleScope.Personal)],
            before.Rules.Where(r => r.Pattern == admin || r.Scope == RuleScope.Personal).OrderBy(r => r.Scope));
        Assert.DoesNotContain(after.Rules, r => r.Scope == RuleScope.Personal);
        Assert.Contains(new ExclusionRule(admin, RuleScope.Admin, "A competitor"), after.Rules);
    }
}
