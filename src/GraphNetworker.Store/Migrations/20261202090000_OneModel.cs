using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// The engine's own types become the entities. An assessment keeps everything the engine said: each contact point's
/// channel, item and subject (not only the last contact's), the new domain of a move and whether its date is an
/// estimate, the outbound share, and cadences in days with their fractions (new columns: a provider-neutral
/// migration cannot change a column's type on PostgreSQL). Two columns nothing read are dropped
/// (an occurrence's series master id, a folder's "truncated" flag). The rows are completed by <see cref="OneModelBackfill"/>,
/// a migration of its own because SQLite rebuilds a table with changed columns at the end of the migration.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class OneModel : Migration
{
    public const string MigrationId = "20261202090000_OneModel";

    private static readonly string[] ContactPoints = ["LastOutbound", "LastInbound", "LastMeeting"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "SeriesMasterId", table: "Interactions");
        migrationBuilder.DropColumn(name: "Truncated", table: "FolderCursors");

        foreach (var point in ContactPoints)
        {
            migrationBuilder.AddColumn<int>(name: point + "Channel", table: "Relationships", nullable: true);
            migrationBuilder.AddColumn<string>(name: point + "ItemId", table: "Relationships", maxLength: 512, nullable: true);
            migrationBuilder.AddColumn<string>(name: point + "Subject", table: "Relationships", maxLength: 255, nullable: true);
        }

        migrationBuilder.AddColumn<string>(name: "MovedToDomain", table: "Relationships", maxLength: 320, nullable: true);
        migrationBuilder.AddColumn<bool>(name: "MoveDateEstimated", table: "Relationships", nullable: true);
        migrationBuilder.AddColumn<double>(name: "OutboundShare", table: "Relationships", nullable: true);
        migrationBuilder.AddColumn<double>(name: "CadenceDueDays", table: "Relationships", nullable: false, defaultValue: 0.0);
        migrationBuilder.AddColumn<double>(name: "CadenceOverdueDays", table: "Relationships", nullable: false, defaultValue: 0.0);
        migrationBuilder.AlterColumn<bool>(name: "AccountClosed", table: "Relationships", nullable: true, oldClrType: typeof(bool), oldNullable: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AlterColumn<bool>(name: "AccountClosed", table: "Relationships", nullable: false, oldClrType: typeof(bool), oldNullable: true);
        migrationBuilder.DropColumn(name: "CadenceOverdueDays", table: "Relationships");
        migrationBuilder.DropColumn(name: "CadenceDueDays", table: "Relationships");
        migrationBuilder.DropColumn(name: "OutboundShare", table: "Relationships");
        migrationBuilder.DropColumn(name: "MoveDateEstimated", table: "Relationships");
        migrationBuilder.DropColumn(name: "MovedToDomain", table: "Relationships");
        foreach (var point in ContactPoints)
        {
            migrationBuilder.DropColumn(name: point + "Subject", table: "Relationships");
            migrationBuilder.DropColumn(name: point + "ItemId", table: "Relationships");
            migrationBuilder.DropColumn(name: point + "Channel", table: "Relationships");
        }

        migrationBuilder.AddColumn<bool>(name: "Truncated", table: "FolderCursors", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "SeriesMasterId", table: "Interactions", maxLength: 512, nullable: true);
    }
}
