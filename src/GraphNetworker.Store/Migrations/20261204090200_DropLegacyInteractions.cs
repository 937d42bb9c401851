using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Drops the first schema's <c>Interactions</c> table once <see cref="CompactItemsUpgrade"/> has moved its rows into
/// <c>Items</c>. Going down recreates the table empty: the items are in the compact tables, and a full sync refills it.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class DropLegacyInteractions : Migration
{
    public const string MigrationId = "20261204090200_DropLegacyInteractions";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Interactions");

    protected override void Down(MigrationBuilder migrationBuilder)
    {
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

        migrationBuilder.CreateIndex(name: "IX_Interactions_MailboxId_FolderId_Generation", table: "Interactions", columns: ["MailboxId", "FolderId", "Generation"]);
        migrationBuilder.CreateIndex(name: "IX_Interactions_MailboxId_GraphId", table: "Interactions", columns: ["MailboxId", "GraphId"], unique: true);
    }
}
