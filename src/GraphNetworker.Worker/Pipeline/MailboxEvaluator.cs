using System.Text.Json;
using GraphNetworker.Core;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Graph;
using GraphNetworker.Store.Entities;
using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.Options;

namespace GraphNetworker.Worker.Pipeline;

/// <summary>
/// Scores and plans one mailbox when something it depends on changed: its stored interactions stream into the engine
/// with the cycle's directory index and the user's decisions, as of the instant <see cref="EvaluationClock"/> gives
/// (so the result does not depend on when the worker runs), and the assessment is stored with what it saw. A mailbox
/// whose inputs, engine and directory are as the last evaluation left them, and whose day has not ended, is not scored
/// again: the result would be the same, and a quiet cycle costs its sync alone.
/// </summary>
public sealed class MailboxEvaluator(
    EvaluationStore store,
    IMailboxSyncStore syncStore,
    IOptions<EngineOptions> engineOptions,
    IOptions<ScopeOptions> scopeOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider time)
{
    /// <summary>Whether the mailbox is scored this cycle: its last assessment no longer holds (or every cycle is scored).</summary>
    public bool IsDue(Mailbox mailbox, LoadedDirectory directory) => workerOptions.Value.EvaluateEveryCycle || NeedsScoring(mailbox, directory);

    /// <summary>
    /// Whether the mailbox's last assessment no longer holds. What is read for it (its Teams, before it is scored) follows
    /// this, never <see cref="WorkerOptions.EvaluateEveryCycle"/>: scoring more often must not change what is read.
    /// </summary>
    public bool NeedsScoring(Mailbox mailbox, LoadedDirectory directory) => !StillHolds(mailbox, EngineFingerprint(directory), time.GetUtcNow());

    /// <summary>
    /// Whether the mailbox may need scoring this cycle, judged before its sync from its row alone (the directory is not
    /// read yet): its day is over, inputs changed since its last evaluation, or it was never evaluated. Sync reads Teams
    /// for such a mailbox, so its evaluation sees today's chats.
    /// </summary>
    public bool MayBeDue(Mailbox mailbox) =>
        mailbox.EvaluatedWith is null || mailbox.EvaluatedInputsAt != mailbox.InputsChangedAt
        || mailbox.EvaluationDueAt is not { } due || time.GetUtcNow() >= Utc(due);

    /// <summary>
    /// Scores the mailbox as of <see cref="EvaluationClock.AsOf"/> and stores the assessment with what it saw, and (with
    /// <paramref name="storePlanned"/>, when suggestions go to Outlook) the suggestions it planned, in one transaction.
    /// </summary>
    public async Task<MailboxAssessment> EvaluateAsync(Mailbox mailbox, LeaseFence fence, LoadedDirectory directory, bool storePlanned, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var engine = EngineFingerprint(directory);
        var inputs = Utc(mailbox.InputsChangedAt);
        var asOf = EvaluationClock.AsOf(mailbox.Id, now, inputs);
        var profile = MailboxRepository.ProfileOf(mailbox);
        var owner = new OwnerIdentity(profile.PrimaryAddress ?? profile.UserPrincipalName, await syncStore.OwnerAddressesAsync(profile, cancellationToken), profile.DisplayName);
        var state = await store.LoadUserStateAsync(mailbox.Id, [.. scopeOptions.Value.SeniorPeople], cancellationToken);
        var assessment = await new RelationshipEngine(engineOptions.Value, new FixedTime(asOf))
            .EvaluateAsync(directory.Index, owner, store.StreamInteractionsAsync(mailbox.Id, cancellationToken), state, cancellationToken);
        await store.SaveAssessmentAsync(fence, assessment, new EvaluationStamp(inputs, EvaluationClock.ValidUntil(mailbox.Id, asOf), engine), storePlanned, cancellationToken);
        return assessment;
    }

    /// <summary>The last evaluation still holds: same engine and directory, no input changed since, its day not over.</summary>
    private static bool StillHolds(Mailbox mailbox, string engine, DateTimeOffset now) =>
        mailbox.EvaluatedWith == engine
        && mailbox.EvaluatedInputsAt == mailbox.InputsChangedAt
        && mailbox.EvaluationDueAt is { } due && now < Utc(due);

    /// <summary>
    /// What the engine's answer depends on besides the mailbox's own inputs: the engine's build, its options, the
    /// scope's organisation and senior people, and the directory's content. Any change scores every mailbox again.
    /// </summary>
    /// <remarks>
    /// The options do not change in a process (they are read once), and a cycle has one directory: the fingerprint is
    /// made once per directory rather than for every mailbox of every cycle (serialising the options each time was about
    /// a twentieth of what a quiet cycle allocated).
    /// </remarks>
    private string EngineFingerprint(LoadedDirectory directory)
    {
        if (_lastFingerprint is { } last && string.Equals(last.Directory, directory.Fingerprint, StringComparison.Ordinal))
        {
            return last.Engine;
        }

        var scope = scopeOptions.Value;
        var text = string.Join('\n',
            typeof(RelationshipEngine).Assembly.ManifestModule.ModuleVersionId.ToString("N"),
            JsonSerializer.Serialize(engineOptions.Value),
            string.Join(',', scope.SeniorPeople), string.Join(',', scope.OrganizationDomains), scope.OrganizationName,
            directory.Fingerprint);
        var engine = StableHash.Of(text).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        _lastFingerprint = new DirectoryFingerprint(directory.Fingerprint, engine);
        return engine;
    }

    private DirectoryFingerprint? _lastFingerprint;

    private sealed record DirectoryFingerprint(string Directory, string Engine);

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>The engine's clock for one evaluation: the instant it evaluates as of.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
