using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// The compact item tables (<see cref="Configuration.InteractionConfiguration"/>): <c>Items</c>, <c>Correspondents</c>
/// and <c>LinkFormats</c>, keyed by the mailbox and folder numbers. The old <c>Interactions</c> table stays until
/// <see cref="CompactItemsUpgrade"/> has moved its rows (in code: participants are re-encoded), and
/// <see cref="DropLegacyInteractions"/> then drops it.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class CompactItems : Migration
{
    public const string MigrationId = "20261204090100_CompactItems";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddUniqueConstraint(name: "AK_Mailboxes_Number", table: "Mailboxes", column: "Number");
        migrationBuilder.CreateIndex(name: "IX_FolderCursors_MailboxId_Number", table: "FolderCursors", columns: ["MailboxId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "LinkFormats",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Prefix = table.Column<string>(maxLength: 1000, nullable: false),
                Suffix = table.Column<string>(maxLength: 1000, nullable: false),
                Escaped = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_LinkFormats", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Correspondents",
            columns: table => new
            {
                MailboxNumber = table.Column<int>(nullable: false),
                Number = table.Column<int>(nullable: false),
                Address = table.Column<string>(maxLength: 320, nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Correspondents", x => new { x.MailboxNumber, x.Number });
                table.ForeignKey(
                    name: "FK_Correspondents_Mailboxes_MailboxNumber",
                    column: x => x.MailboxNumber,
                    principalTable: "Mailboxes",
                    principalColumn: "Number",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Items",
            columns: table => new
            {
                // Widest first, so PostgreSQL pads nothing between columns (eight-byte values on eight-byte boundaries).
                MailboxNumber = table.Column<int>(nullable: false),
                Folder = table.Column<int>(nullable: false),
                ItemKey = table.Column<long>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                EndsAt = table.Column<DateTime>(nullable: true),
                MessageKey = table.Column<long>(nullable: true),
                Generation = table.Column<int>(nullable: false),
                ParticipantCount = table.Column<int>(nullable: false),
                LinkFormat = table.Column<int>(nullable: true),
                Kind = table.Column<short>(nullable: false),
                Bulk = table.Column<short>(nullable: false),
                Response = table.Column<short>(nullable: false),
                IsCancelled = table.Column<bool>(nullable: false),
                IsOwnHold = table.Column<bool>(nullable: false),
                GraphId = table.Column<byte[]>(maxLength: 1024, nullable: false),
                Participants = table.Column<byte[]>(nullable: false),
                Link = table.Column<string>(maxLength: 2048, nullable: true),
                Subject = table.Column<string>(maxLength: 255, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Items", x => new { x.MailboxNumber, x.ItemKey });
                table.ForeignKey(
                    name: "FK_Items_Mailboxes_MailboxNumber",
                    column: x => x.MailboxNumber,
                    principalTable: "Mailboxes",
                    principalColumn: "Number",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_Items_MailboxNumber_Folder_Generation", table: "Items", columns: ["MailboxNumber", "Folder", "Generation"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Items");
        migrationBuilder.DropTable(name: "Correspondents");
        migrationBuilder.DropTable(name: "LinkFormats");
        migrationBuilder.DropIndex(name: "IX_FolderCursors_MailboxId_Number", table: "FolderCursors");
        migrationBuilder.DropUniqueConstraint(name: "AK_Mailboxes_Number", table: "Mailboxes");
    }
}
