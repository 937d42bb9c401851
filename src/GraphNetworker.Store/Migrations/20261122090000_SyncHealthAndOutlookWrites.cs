using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Finer sync health on each mailbox (resyncs, faulted requests, the last cycle's requests, items and rejects) and
/// the ledger of writes to Outlook. Existing mailboxes get zeros: the counters start when the upgraded worker runs.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class SyncHealthAndOutlookWrites : Migration
{
    public const string MigrationId = "20261122090000_SyncHealthAndOutlookWrites";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "FaultedRequests", table: "Mailboxes", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<int>(name: "Resyncs", table: "Mailboxes", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "LastCycleRequests", table: "Mailboxes", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "LastCycleItems", table: "Mailboxes", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "LastCycleRejected", table: "Mailboxes", nullable: false, defaultValue: 0);

        migrationBuilder.CreateTable(
            name: "OutlookWrites",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).IdentityOnEveryProvider(),
                MailboxId = table.Column<string>(maxLength: 64, nullable: false),
                SuggestionId = table.Column<string>(maxLength: 64, nullable: true),
                Operation = table.Column<int>(nullable: false),
                Status = table.Column<int>(nullable: false),
                GraphId = table.Column<string>(maxLength: 512, nullable: true),
                RequestId = table.Column<string>(maxLength: 100, nullable: true),
                Error = table.Column<string>(maxLength: 2000, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                CompletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OutlookWrites", x => x.Id);
                table.ForeignKey(
                    name: "FK_OutlookWrites_Mailboxes_MailboxId",
                    column: x => x.MailboxId,
                    principalTable: "Mailboxes",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_OutlookWrites_MailboxId_SuggestionId", table: "OutlookWrites", columns: ["MailboxId", "SuggestionId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // On SQLite, EF Core drops columns by rebuilding the table from Initial's frozen model (its Designer file).
        migrationBuilder.DropTable(name: "OutlookWrites");
        migrationBuilder.DropColumn(name: "FaultedRequests", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "Resyncs", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "LastCycleRequests", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "LastCycleItems", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "LastCycleRejected", table: "Mailboxes");
    }
}
