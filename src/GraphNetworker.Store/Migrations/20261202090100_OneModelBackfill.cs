using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// Completes the assessments <see cref="OneModel"/> inherited, so each reads back whole: a contact point gets the
/// channel its column implies, a person who never moved gets no move, and a move gets a known (not estimated) date.
/// Then the old whole-day cadence columns, copied into the new ones, go.
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class OneModelBackfill : Migration
{
    public const string MigrationId = "20261202090100_OneModelBackfill";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // The engine's ContactChannel: 0 mail sent, 1 mail received, 2 meeting.
        migrationBuilder.Sql("""UPDATE "Relationships" SET "LastOutboundChannel" = 0 WHERE "LastOutboundAt" IS NOT NULL""");
        migrationBuilder.Sql("""UPDATE "Relationships" SET "LastInboundChannel" = 1 WHERE "LastInboundAt" IS NOT NULL""");
        migrationBuilder.Sql("""UPDATE "Relationships" SET "LastMeetingChannel" = 2 WHERE "LastMeetingAt" IS NOT NULL""");
        var no = False(migrationBuilder);
        migrationBuilder.Sql($"""UPDATE "Relationships" SET "AccountClosed" = NULL WHERE "AccountClosed" = {no} AND "MovedAt" IS NULL AND "MovedToAddress" IS NULL""");
        migrationBuilder.Sql($"""UPDATE "Relationships" SET "MoveDateEstimated" = {no} WHERE "AccountClosed" IS NOT NULL""");
        migrationBuilder.Sql("""UPDATE "Relationships" SET "CadenceDueDays" = "CadenceDays", "CadenceOverdueDays" = "OverdueDays" """);
        migrationBuilder.DropColumn(name: "CadenceDays", table: "Relationships");
        migrationBuilder.DropColumn(name: "OverdueDays", table: "Relationships");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "CadenceDays", table: "Relationships", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "OverdueDays", table: "Relationships", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("""UPDATE "Relationships" SET "CadenceDays" = ROUND("CadenceDueDays"), "OverdueDays" = ROUND("CadenceOverdueDays")""");
        migrationBuilder.Sql($"""UPDATE "Relationships" SET "AccountClosed" = {False(migrationBuilder)} WHERE "AccountClosed" IS NULL""");
    }

    /// <summary>A false literal: SQL Server's bit has no FALSE keyword.</summary>
    private static string False(MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider?.Contains("SqlServer", StringComparison.Ordinal) == true ? "0" : "FALSE";
}
