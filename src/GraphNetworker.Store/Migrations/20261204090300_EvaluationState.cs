using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GraphNetworker.Store.Migrations;

/// <summary>
/// What a quiet cycle needs to know whether a mailbox must be scored again: when its inputs last changed, what the last
/// evaluation saw of them, when that evaluation stops holding, and which engine made it (see <c>EvaluationClock</c>).
/// </summary>
[DbContext(typeof(GraphNetworkerDbContext))]
[Migration(MigrationId)]
public sealed partial class EvaluationState : Migration
{
    public const string MigrationId = "20261204090300_EvaluationState";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "InputsChangedAt", table: "Mailboxes", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "EvaluatedInputsAt", table: "Mailboxes", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "EvaluationDueAt", table: "Mailboxes", nullable: true);
        migrationBuilder.AddColumn<string>(name: "EvaluatedWith", table: "Mailboxes", maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "EvaluatedWith", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "EvaluationDueAt", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "EvaluatedInputsAt", table: "Mailboxes");
        migrationBuilder.DropColumn(name: "InputsChangedAt", table: "Mailboxes");
    }
}
