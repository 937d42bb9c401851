using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// A lease epoch on each mailbox, bumped by every acquisition and by purge: every write for a mailbox carries the
/// epoch it was started under and is refused once the epoch has moved on (fencing).
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class LeaseFencing : Migration
{
    public const string MigrationId = "20261202150000_LeaseFencing";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>(name: "LeaseEpoch", table: "Mailboxes", nullable: false, defaultValue: 0L);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "LeaseEpoch", table: "Mailboxes");
}
