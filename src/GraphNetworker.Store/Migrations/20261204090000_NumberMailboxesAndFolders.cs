using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// A small number for every mailbox, and for every folder within its mailbox: what the compact items are keyed by
/// (<see cref="CompactItems"/>). Existing rows are numbered in the order of their ids.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class NumberMailboxesAndFolders : Migration
{
    public const string MigrationId = "20261204090000_NumberMailboxesAndFolders";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Number", table: "Mailboxes", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "Number", table: "FolderCursors", nullable: false, defaultValue: 0);
        if (migrationBuilder.ActiveProvider?.Contains("SqlServer", StringComparison.Ordinal) == true)
        {
            migrationBuilder.Sql("""
                WITH numbered AS (SELECT "Number", ROW_NUMBER() OVER (ORDER BY "Id") AS n FROM "Mailboxes")
                UPDATE numbered SET "Number" = n
                """);
            migrationBuilder.Sql("""
                WITH numbered AS (SELECT "Number", ROW_NUMBER() OVER (PARTITION BY "MailboxId" ORDER BY "FolderId") AS n FROM "FolderCursors")
                UPDATE numbered SET "Number" = n
                """);
        }
        else
        {
            // SQLite (3.33 and later) and PostgreSQL both take UPDATE … FROM.
            migrationBuilder.Sql("""
                UPDATE "Mailboxes" SET "Number" = numbered.n
                FROM (SELECT "Id", ROW_NUMBER() OVER (ORDER BY "Id") AS n FROM "Mailboxes") AS numbered
                WHERE "Mailboxes"."Id" = numbered."Id"
                """);
            migrationBuilder.Sql("""
                UPDATE "FolderCursors" SET "Number" = numbered.n
                FROM (SELECT "MailboxId", "FolderId", ROW_NUMBER() OVER (PARTITION BY "MailboxId" ORDER BY "FolderId") AS n FROM "FolderCursors") AS numbered
                WHERE "FolderCursors"."MailboxId" = numbered."MailboxId" AND "FolderCursors"."FolderId" = numbered."FolderId"
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Number", table: "FolderCursors");
        migrationBuilder.DropColumn(name: "Number", table: "Mailboxes");
    }
}
