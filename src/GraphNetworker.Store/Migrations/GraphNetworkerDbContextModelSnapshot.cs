using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// The model as the migrations leave it, written by hand and provider-neutral: no column type, so each provider
/// derives the same store types as for the live model. EF Core compares this with the model before it migrates
/// (and <c>HasPendingModelChanges()</c> does the same), so it must match the entity configurations exactly; the
/// storage tests prove that on SQLite and PostgreSQL. Update it in the same change as every new migration.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
public sealed class GraphNetworkerDbContextModelSnapshot : ModelSnapshot
{
    private const string Mailbox = "GraphNetworker.Store.Entities.Mailbox";

    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "10.0.14");
        ProviderNeutral.IdentityByDefault(modelBuilder);

        modelBuilder.Entity(Mailbox, b =>
        {
            b.Property<string>("Id").HasMaxLength(64);
            b.Property<int>("Number");
            b.Property<string>("UserPrincipalName").IsRequired().HasMaxLength(320);
            b.Property<string>("DisplayName").HasMaxLength(256);
            b.Property<string>("PrimaryAddress").HasMaxLength(320);
            b.Property<int>("ScopeState");
            b.Property<DateTime?>("InScopeSince");
            b.Property<DateTime?>("LeftScopeAt");
            b.Property<DateTime?>("PurgedAt");
            b.Property<string>("TimeZone").HasMaxLength(128);
            b.Property<string>("WorkingHours");
            b.Property<DateTime?>("SettingsRefreshedAt");
            b.Property<string>("TodoListId").HasMaxLength(512);
            b.Property<string>("LeaseOwner").HasMaxLength(200);
            b.Property<DateTime?>("LeaseExpiresAt");
            b.Property<long>("LeaseEpoch");
            b.Property<DateTime?>("LastSyncStartedAt");
            b.Property<DateTime?>("LastSyncSucceededAt");
            b.Property<DateTime?>("LastSyncFinishedAt");
            b.Property<string>("LastError").HasMaxLength(2000);
            b.Property<DateTime?>("LastErrorAt");
            b.Property<int>("ConsecutiveFailures");
            b.Property<DateTime?>("NextAttemptAt");
            b.Property<DateTime?>("FoldersRefreshedAt");
            b.Property<DateTime?>("LastEvaluatedAt");
            b.Property<DateTime?>("InputsChangedAt");
            b.Property<DateTime?>("EvaluatedInputsAt");
            b.Property<DateTime?>("EvaluationDueAt");
            b.Property<string>("EvaluatedWith").HasMaxLength(64);
            b.Property<long>("ItemsStored");
            b.Property<long>("ItemsRejected");
            b.Property<long>("ThrottledRequests");
            b.Property<long>("FaultedRequests");
            b.Property<int>("Resyncs");
            b.Property<int>("LastCycleRequests");
            b.Property<int>("LastCycleItems");
            b.Property<int>("LastCycleRejected");
            b.HasKey("Id");
            b.HasAlternateKey("Number");
            b.HasIndex("UserPrincipalName").IsUnique();
            b.ToTable("Mailboxes");
        });

        modelBuilder.Entity("GraphNetworker.Core.Ports.SyncCursor", b =>
        {
            b.Property<string>("MailboxId").HasMaxLength(64);
            b.Property<string>("FolderId").HasMaxLength(380);
            b.Property<int>("Kind");
            b.Property<string>("DisplayName").HasMaxLength(256);
            b.Property<string>("ParentFolderId").HasMaxLength(380);
            b.Property<string>("WellKnownName").HasMaxLength(64);
            b.Property<string>("DeltaLink");
            b.Property<string>("NextLink");
            b.Property<int>("Generation");
            b.Property<bool>("FullRound");
            b.Property<DateTime?>("RoundStartedAt");
            b.Property<DateTime?>("LastCompletedAt");
            b.Property<DateTime?>("WindowStart");
            b.Property<DateTime?>("WindowEnd");
            b.Property<bool>("IsRemoved");
            b.Property<int>("Resyncs");
            b.Property<int>("Number");
            b.HasKey("MailboxId", "FolderId");
            b.HasIndex("MailboxId", "Number").IsUnique();
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("FolderCursors");
        });

        modelBuilder.Entity("GraphNetworker.Store.Entities.DirectoryUser", b =>
        {
            b.Property<string>("Id").HasMaxLength(64);
            b.Property<string>("PrimaryAddress").IsRequired().HasMaxLength(320);
            b.Property<string>("UserPrincipalName").HasMaxLength(320);
            b.Property<string>("DisplayName").HasMaxLength(256);
            b.Property<string>("Addresses").IsRequired();
            b.Property<string>("JobTitle").HasMaxLength(256);
            b.Property<string>("PreviousJobTitle").HasMaxLength(256);
            b.Property<DateTime?>("TitleChangedAt");
            b.Property<bool>("AccountEnabled");
            b.Property<bool>("IsDeleted");
            b.Property<DateTime?>("LeftAt");
            b.Property<DateTime>("RefreshedAt");
            b.HasKey("Id");
            b.HasIndex("PrimaryAddress");
            b.ToTable("DirectoryPeople");
        });

        modelBuilder.Entity("GraphNetworker.Store.Entities.DirectoryAddress", b =>
        {
            b.Property<string>("Address").HasMaxLength(320);
            b.Property<int>("Kind");
            b.Property<string>("DisplayName").HasMaxLength(256);
            b.Property<DateTime>("RefreshedAt");
            b.HasKey("Address");
            b.ToTable("DirectoryAddresses");
        });

        modelBuilder.Entity("GraphNetworker.Core.Model.RelationshipAssessment", b =>
        {
            b.Property<string>("MailboxId").HasMaxLength(64);
            b.Property<string>("PersonKey").HasMaxLength(380);
            b.Property<string>("DisplayName").IsRequired().HasMaxLength(256);
            b.Property<string>("Addresses").IsRequired();
            b.Property<DateTime?>("LastContactAt");
            b.Property<int?>("LastContactChannel");
            b.Property<string>("LastContactItemId").HasMaxLength(512);
            b.Property<string>("LastContactWebLink");
            b.Property<string>("LastContactSubject").HasMaxLength(255);
            b.Property<DateTime?>("LastOutboundAt");
            b.Property<int?>("LastOutboundChannel");
            b.Property<string>("LastOutboundItemId").HasMaxLength(512);
            b.Property<string>("LastOutboundWebLink");
            b.Property<string>("LastOutboundSubject").HasMaxLength(255);
            b.Property<DateTime?>("LastInboundAt");
            b.Property<int?>("LastInboundChannel");
            b.Property<string>("LastInboundItemId").HasMaxLength(512);
            b.Property<string>("LastInboundWebLink");
            b.Property<string>("LastInboundSubject").HasMaxLength(255);
            b.Property<DateTime?>("LastMeetingAt");
            b.Property<int?>("LastMeetingChannel");
            b.Property<string>("LastMeetingItemId").HasMaxLength(512);
            b.Property<string>("LastMeetingWebLink");
            b.Property<string>("LastMeetingSubject").HasMaxLength(255);
            b.Property<DateTime?>("NextMeetingAt");
            b.Property<DateTime?>("FirstContactAt");
            b.Property<double>("Strength");
            b.Property<double>("PeakStrength");
            b.Property<DateTime?>("PeakAt");
            b.Property<int>("Trend");
            b.Property<int>("Tier");
            b.Property<bool>("TierOverridden");
            b.Property<double>("CadenceDueDays");
            b.Property<double>("CadenceOverdueDays");
            b.Property<DateTime?>("DueAt");
            b.Property<DateTime?>("OverdueAt");
            b.Property<int>("Status");
            b.Property<string>("ExcludedReason");
            b.Property<DateTime?>("SnoozedUntil");
            b.Property<string>("Why").IsRequired();
            b.Property<double>("Priority");
            b.Property<bool>("IsDrifting");
            b.Property<string>("PeakRhythm").HasMaxLength(64);
            b.Property<bool>("IsSenior");
            b.Property<string>("JobTitle").HasMaxLength(256);
            b.Property<DateTime?>("MovedAt");
            b.Property<string>("MovedToDomain").HasMaxLength(320);
            b.Property<string>("MovedToAddress").HasMaxLength(320);
            b.Property<bool?>("AccountClosed");
            b.Property<bool?>("MoveDateEstimated");
            b.Property<double>("MeetingShare");
            b.Property<double?>("OutboundShare");
            b.Property<int>("CountedItems");
            b.Property<int>("IgnoredItems");
            b.Property<int?>("FocusRank");
            b.Property<DateTime>("EvaluatedAt");
            b.HasKey("MailboxId", "PersonKey");
            b.HasIndex("MailboxId", "Status");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("Relationships");
        });

        modelBuilder.Entity("GraphNetworker.Core.Model.PersonPreference", b =>
        {
            b.Property<string>("MailboxId").HasMaxLength(64);
            b.Property<string>("PersonKey").HasMaxLength(380);
            b.Property<int?>("TierOverride");
            b.Property<bool>("Muted");
            b.Property<DateTime?>("SnoozedUntil");
            b.Property<bool>("Senior");
            b.Property<DateTime>("UpdatedAt");
            b.HasKey("MailboxId", "PersonKey");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("PersonPreferences");
        });

        modelBuilder.Entity("GraphNetworker.Core.Model.LinkDecision", b =>
        {
            ProviderNeutral.IdentityKey(b);
            b.Property<string>("MailboxId").IsRequired().HasMaxLength(64);
            b.Property<string>("FromKey").IsRequired().HasMaxLength(380);
            b.Property<string>("ToKey").IsRequired().HasMaxLength(380);
            b.Property<bool?>("Verdict").HasColumnName("Accepted");
            b.Property<string>("Reason").HasMaxLength(1000);
            b.Property<DateTime>("CreatedAt");
            b.Property<DateTime?>("DecidedAt");
            b.HasIndex("MailboxId", "FromKey", "ToKey").IsUnique();
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("PersonLinks");
        });

        modelBuilder.Entity("GraphNetworker.Core.Model.ExclusionRule", b =>
        {
            ProviderNeutral.IdentityKey(b);
            b.Property<string>("MailboxId").HasMaxLength(64);
            b.Property<string>("Pattern").IsRequired().HasMaxLength(320);
            b.Property<string>("Note").HasMaxLength(500);
            b.Property<DateTime>("CreatedAt");
            b.HasIndex("MailboxId");
            b.ToTable("ExclusionRules");
        });

        modelBuilder.Entity("GraphNetworker.Core.Model.Suggestion", b =>
        {
            b.Property<string>("Id").HasMaxLength(64);
            b.Property<string>("MailboxId").IsRequired().HasMaxLength(64);
            b.Property<string>("PersonKey").IsRequired().HasMaxLength(380);
            b.Property<string>("DisplayName").IsRequired().HasMaxLength(256);
            b.Property<int>("Kind");
            b.Property<int>("State");
            b.Property<string>("Reason").IsRequired();
            b.Property<string>("Channel").IsRequired().HasMaxLength(32);
            b.Property<string>("ChannelAdvice").IsRequired();
            b.Property<DateTime>("DueAt");
            b.Property<double>("Priority");
            b.Property<DateTime>("CreatedAt");
            b.Property<DateTime?>("ResolvedAt");
            b.Property<string>("GraphId").HasMaxLength(512);
            b.Property<string>("GraphListId").HasMaxLength(512);
            b.Property<DateTime?>("WrittenAt");
            b.Property<DateTime?>("HoldStart");
            b.Property<DateTime?>("HoldEnd");
            b.Property<DateTime?>("UserDueAt");
            b.Property<DateTime?>("LastReadAt");
            b.HasKey("Id");
            b.HasIndex("MailboxId", "State");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("Suggestions");
        });

        modelBuilder.Entity("GraphNetworker.Store.Entities.OutlookWrite", b =>
        {
            ProviderNeutral.IdentityKey(b);
            b.Property<string>("MailboxId").IsRequired().HasMaxLength(64);
            b.Property<string>("SuggestionId").HasMaxLength(64);
            b.Property<int>("Operation");
            b.Property<int>("Status");
            b.Property<string>("GraphId").HasMaxLength(512);
            b.Property<string>("RequestId").HasMaxLength(100);
            b.Property<string>("Error").HasMaxLength(2000);
            b.Property<DateTime>("StartedAt");
            b.Property<DateTime?>("CompletedAt");
            b.HasIndex("MailboxId", "SuggestionId");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxId").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("OutlookWrites");
        });

        modelBuilder.SharedTypeEntity<Dictionary<string, object>>("Item", b =>
        {
            b.IndexerProperty<int>("MailboxNumber");
            b.IndexerProperty<long>("ItemKey").ValueGeneratedNever();
            b.IndexerProperty<int>("Folder");
            b.IndexerProperty<int>("Generation");
            b.IndexerProperty<short>("Kind");
            b.IndexerProperty<DateTime>("OccurredAt");
            b.IndexerProperty<DateTime?>("EndsAt");
            b.IndexerProperty<int>("ParticipantCount");
            b.IndexerProperty<long?>("MessageKey");
            b.IndexerProperty<short>("Bulk");
            b.IndexerProperty<short>("Response");
            b.IndexerProperty<bool>("IsCancelled");
            b.IndexerProperty<bool>("IsOwnHold");
            b.IndexerProperty<byte[]>("GraphId").IsRequired().HasMaxLength(1024);
            b.IndexerProperty<byte[]>("Participants").IsRequired();
            b.IndexerProperty<int?>("LinkFormat");
            b.IndexerProperty<string>("Link").HasMaxLength(2048);
            b.IndexerProperty<string>("Subject").HasMaxLength(255);
            b.HasKey("MailboxNumber", "ItemKey");
            b.HasIndex("MailboxNumber", "Folder", "Generation");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxNumber").HasPrincipalKey("Number").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("Items");
        });

        modelBuilder.SharedTypeEntity<Dictionary<string, object>>("Correspondent", b =>
        {
            b.IndexerProperty<int>("MailboxNumber");
            b.IndexerProperty<int>("Number").ValueGeneratedNever();
            b.IndexerProperty<string>("Address").IsRequired().HasMaxLength(320);
            b.IndexerProperty<string>("Name").HasMaxLength(256);
            b.HasKey("MailboxNumber", "Number");
            b.HasOne(Mailbox, null).WithMany().HasForeignKey("MailboxNumber").HasPrincipalKey("Number").OnDelete(DeleteBehavior.Cascade).IsRequired();
            b.ToTable("Correspondents");
        });

        modelBuilder.SharedTypeEntity<Dictionary<string, object>>("LinkFormat", b =>
        {
            b.IndexerProperty<int>("Id").ValueGeneratedNever();
            b.IndexerProperty<string>("Prefix").IsRequired().HasMaxLength(1000);
            b.IndexerProperty<string>("Suffix").IsRequired().HasMaxLength(1000);
            b.IndexerProperty<bool>("Escaped");
            b.HasKey("Id");
            b.ToTable("LinkFormats");
        });
    }
}
