using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// The first schema: mailboxes, folder cursors, interactions, the directory cache, relationships, the user's decisions
/// and suggestions. Written by hand and provider-neutral (see <see cref="ProviderNeutral"/>): no column names a store
/// type, so SQLite, PostgreSQL and SQL Server each map the CLR type themselves, exactly as they do for the model.
/// Lengths are literals on purpose: a migration is history and must not move when the model's constants do.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class Initial : Migration
{
    public const string MigrationId = "20261120090000_Initial";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DirectoryAddresses",
            columns: table => new
            {
                Address = table.Column<string>(maxLength: 320, nullable: false),
                Kind = table.Column<int>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 256, nullable: true),
                RefreshedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DirectoryAddresses", x => x.Address));

        migrationBuilder.CreateTable(
            name: "DirectoryPeople",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                PrimaryAddress = table.Column<string>(maxLength: 320, nullable: false),
                UserPrincipalName = table.Column<string>(maxLength: 320, nullable: true),
                DisplayName = table.Column<string>(maxLength: 256, nullable: true),
                Addresses = table.Column<string>(nullable: false),
                JobTitle = table.Column<string>(maxLength: 256, nullable: true),
                PreviousJobTitle = table.Column<string>(maxLength: 256, nullable: true),
                TitleChangedAt = table.Column<DateTime>(nullable: true),
                AccountEnabled = table.Column<bool>(nullable: false),
                IsDeleted = table.Column<bool>(nullable: false),
                LeftAt = table.Column<DateTime>(nullable: true),
                RefreshedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DirectoryPeople", x => x.Id));

        migrationBuilder.CreateTable(
            name: "ExclusionRules",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).IdentityOnEveryProvider(),
                MailboxId = table.Column<string>(maxLength: 64, nullable: true),
                Pattern = table.Column<string>(maxLength: 320, nullable: false),
                Note = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ExclusionRules", x => x.Id));

        // Sync health as first shipped; the finer counters came with 20261122090000_SyncHealthAndOutlookWrites.
        migrationBuilder.CreateTable(
            name: "Mailboxes",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                UserPrincipalName = table.Column<string>(maxLength: 320, nullable: false),
                DisplayName = table.Column<string>(maxLength: 256, nullable: true),
                PrimaryAddress = table.Column<string>(maxLength: 320, nullable: true),
                ScopeState = table.Column<int>(nullable: false),
                InScopeSince = table.Column<DateTime>(nullable: true),
                LeftScopeAt = table.Column<DateTime>(nullable: true),
                PurgedAt = table.Column<DateTime>(nullable: true),
                TimeZone = table.Column<string>(maxLength: 128, nullable: true),
                WorkingHours = table.Column<string>(nullable: true),
                SettingsRefreshedAt = table.Column<DateTime>(nullable: true),
                TodoListId = table.Column<string>(maxLength: 512, nullable: true),
                LeaseOwner = table.Column<string>(maxLength: 200, nullable: true),
                LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                LastSyncStartedAt = table.Column<DateTime>(nullable: true),
                LastSyncSucceededAt = table.Column<DateTime>(nullable: true),
                LastSyncFinishedAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                LastErrorAt = table.Column<DateTime>(nullable: true),
                ConsecutiveFailures = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                FoldersRefreshedAt = table.Column<DateTime>(nullable: true),
                LastEvaluatedAt = table.Column<DateTime>(nullable: true),
                ItemsStored = table.Column<long>(nullable: false),
                ItemsRejected = table.Column<long>(nullable: false),
                ThrottledRequests = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Mailboxes", x => x.Id));

        migrationBuilder.CreateTable(
            name: "FolderCursors",
            columns: table => new
            {
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                FolderId = table.Column<string>(maxLength: 380, nullable: false),
                Kind = table.Column<int>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 256, nullable: true),
                ParentFolderId = table.Column<string>(maxLength: 380, nullable: true),
                WellKnownName = table.Column<string>(maxLength: 64, nullable: true),
                DeltaLink = table.Column<string>(nullable: true),
                NextLink = table.Column<string>(nullable: true),
                Generation = table.Column<int>(nullable: false),
                FullRound = table.Column<bool>(nullable: false),
                RoundStartedAt = table.Column<DateTime>(nullable: true),
                LastCompletedAt = table.Column<DateTime>(nullable: true),
                WindowStart = table.Column<DateTime>(nullable: true),
                WindowEnd = table.Column<DateTime>(nullable: true),
                IsRemoved = table.Column<bool>(nullable: false),
                Truncated = table.Column<bool>(nullable: false),
                Resyncs = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FolderCursors", x => new { x.MailboxId, x.FolderId });
                table.ForeignKey(
                    name: "FK_FolderCursors_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Interactions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).IdentityOnEveryProvider(),
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                GraphId = table.Column<string>(maxLength: 512, nullable: false),
                FolderId = table.Column<string>(maxLength: 380, nullable: false),
                Kind = table.Column<int>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                EndsAt = table.Column<DateTime>(nullable: true),
                ParticipantCount = table.Column<int>(nullable: false),
                Participants = table.Column<string>(nullable: false),
                ConversationId = table.Column<string>(maxLength: 512, nullable: true),
                InternetMessageId = table.Column<string>(nullable: true),
                Subject = table.Column<string>(maxLength: 255, nullable: true),
                WebLink = table.Column<string>(nullable: true),
                Bulk = table.Column<int>(nullable: false),
                IsCancelled = table.Column<bool>(nullable: false),
                OwnerResponse = table.Column<int>(nullable: false),
                IsOwnHold = table.Column<bool>(nullable: false),
                SeriesMasterId = table.Column<string>(maxLength: 512, nullable: true),
                Generation = table.Column<int>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Interactions", x => x.Id);
                table.ForeignKey(
                    name: "FK_Interactions_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "PersonLinks",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).IdentityOnEveryProvider(),
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                FromKey = table.Column<string>(maxLength: 380, nullable: false),
                ToKey = table.Column<string>(maxLength: 380, nullable: false),
                Accepted = table.Column<bool>(nullable: true),
                Reason = table.Column<string>(maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DecidedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PersonLinks", x => x.Id);
                table.ForeignKey(
                    name: "FK_PersonLinks_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "PersonPreferences",
            columns: table => new
            {
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                PersonKey = table.Column<string>(maxLength: 380, nullable: false),
                TierOverride = table.Column<int>(nullable: true),
                Muted = table.Column<bool>(nullable: false),
                SnoozedUntil = table.Column<DateTime>(nullable: true),
                Senior = table.Column<bool>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PersonPreferences", x => new { x.MailboxId, x.PersonKey });
                table.ForeignKey(
                    name: "FK_PersonPreferences_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Relationships",
            columns: table => new
            {
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                PersonKey = table.Column<string>(maxLength: 380, nullable: false),
                DisplayName = table.Column<string>(maxLength: 256, nullable: false),
                Addresses = table.Column<string>(nullable: false),
                LastContactAt = table.Column<DateTime>(nullable: true),
                LastContactChannel = table.Column<int>(nullable: true),
                LastContactItemId = table.Column<string>(maxLength: 512, nullable: true),
                LastContactWebLink = table.Column<string>(nullable: true),
                LastContactSubject = table.Column<string>(maxLength: 255, nullable: true),
                LastOutboundAt = table.Column<DateTime>(nullable: true),
                LastOutboundWebLink = table.Column<string>(nullable: true),
                LastInboundAt = table.Column<DateTime>(nullable: true),
                LastInboundWebLink = table.Column<string>(nullable: true),
                LastMeetingAt = table.Column<DateTime>(nullable: true),
                LastMeetingWebLink = table.Column<string>(nullable: true),
                NextMeetingAt = table.Column<DateTime>(nullable: true),
                FirstContactAt = table.Column<DateTime>(nullable: true),
                Strength = table.Column<double>(nullable: false),
                PeakStrength = table.Column<double>(nullable: false),
                PeakAt = table.Column<DateTime>(nullable: true),
                Trend = table.Column<int>(nullable: false),
                Tier = table.Column<int>(nullable: false),
                TierOverridden = table.Column<bool>(nullable: false),
                CadenceDays = table.Column<int>(nullable: false),
                OverdueDays = table.Column<int>(nullable: false),
                DueAt = table.Column<DateTime>(nullable: true),
                OverdueAt = table.Column<DateTime>(nullable: true),
                Status = table.Column<int>(nullable: false),
                ExcludedReason = table.Column<string>(nullable: true),
                SnoozedUntil = table.Column<DateTime>(nullable: true),
                Why = table.Column<string>(nullable: false),
                Priority = table.Column<double>(nullable: false),
                IsDrifting = table.Column<bool>(nullable: false),
                PeakRhythm = table.Column<string>(maxLength: 64, nullable: true),
                IsSenior = table.Column<bool>(nullable: false),
                JobTitle = table.Column<string>(maxLength: 256, nullable: true),
                MovedAt = table.Column<DateTime>(nullable: true),
                MovedToAddress = table.Column<string>(maxLength: 320, nullable: true),
                AccountClosed = table.Column<bool>(nullable: false),
                MeetingShare = table.Column<double>(nullable: false),
                CountedItems = table.Column<int>(nullable: false),
                IgnoredItems = table.Column<int>(nullable: false),
                FocusRank = table.Column<int>(nullable: true),
                EvaluatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Relationships", x => new { x.MailboxId, x.PersonKey });
                table.ForeignKey(
                    name: "FK_Relationships_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Suggestions",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                PersonKey = table.Column<string>(maxLength: 380, nullable: false),
                DisplayName = table.Column<string>(maxLength: 256, nullable: false),
                Kind = table.Column<int>(nullable: false),
                State = table.Column<int>(nullable: false),
                Reason = table.Column<string>(nullable: false),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                ChannelAdvice = table.Column<string>(nullable: false),
                DueAt = table.Column<DateTime>(nullable: false),
                Priority = table.Column<double>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ResolvedAt = table.Column<DateTime>(nullable: true),
                GraphId = table.Column<string>(maxLength: 512, nullable: true),
                GraphListId = table.Column<string>(maxLength: 512, nullable: true),
                WrittenAt = table.Column<DateTime>(nullable: true),
                HoldStart = table.Column<DateTime>(nullable: true),
                HoldEnd = table.Column<DateTime>(nullable: true),
                UserDueAt = table.Column<DateTime>(nullable: true),
                LastReadAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Suggestions", x => x.Id);
                table.ForeignKey(
                    name: "FK_Suggestions_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_DirectoryPeople_PrimaryAddress", table: "DirectoryPeople", column: "PrimaryAddress");
        migrationBuilder.CreateIndex(name: "IX_ExclusionRules_MailboxId", table: "ExclusionRules", column: "MailboxId");
        migrationBuilder.CreateIndex(name: "IX_Interactions_MailboxId_FolderId_Generation", table: "Interactions", columns: ["MailboxId", "FolderId", "Generation"]);
        migrationBuilder.CreateIndex(name: "IX_Interactions_MailboxId_GraphId", table: "Interactions", columns: ["MailboxId", "GraphId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Mailboxes_UserPrincipalName", table: "Mailboxes", column: "UserPrincipalName", unique: true);
        migrationBuilder.CreateIndex(name: "IX_PersonLinks_MailboxId_FromKey_ToKey", table: "PersonLinks", columns: ["MailboxId", "FromKey", "ToKey"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Relationships_MailboxId_Status", table: "Relationships", columns: ["MailboxId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Suggestions_MailboxId_State", table: "Suggestions", columns: ["MailboxId", "State"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Children before their principal (Mailboxes), so no provider has to defer foreign keys.
        migrationBuilder.DropTable(name: "FolderCursors");
        migrationBuilder.DropTable(name: "Interactions");
        migrationBuilder.DropTable(name: "PersonLinks");
        migrationBuilder.DropTable(name: "PersonPreferences");
        migrationBuilder.DropTable(name: "Relationships");
        migrationBuilder.DropTable(name: "Suggestions");
        migrationBuilder.DropTable(name: "ExclusionRules");
        migrationBuilder.DropTable(name: "DirectoryAddresses");
        migrationBuilder.DropTable(name: "DirectoryPeople");
        migrationBuilder.DropTable(name: "Mailboxes");
    }
}
