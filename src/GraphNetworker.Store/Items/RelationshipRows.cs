using System.Reflection;
using GraphNetworker.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GraphNetworker.Store.Items;

/// <summary>
/// A mailbox's assessments as rows of the <c>Relationships</c> table, written by the item writer's bulk insert
/// (PostgreSQL's binary <c>COPY</c>, multi-row <c>INSERT</c> under SQL Server's parameter limit, one prepared statement on
/// SQLite) instead of EF Core's change tracker, which spent more on a mailbox's few hundred rows than on its sync. The
/// columns, their order and each value's conversion come from EF Core's model (<c>RelationshipConfiguration</c>),
/// so the rows are what <c>SaveChanges</c> would have written, and a column added to the model is written with them.
/// </summary>
internal sealed class RelationshipRows
{
    private readonly Func<RelationshipAssessment, RowContext, object?>[] _values;

    private RelationshipRows(string table, string[] columns, Type[] types, Func<RelationshipAssessment, RowContext, object?>[] values)
    {
        Table = table;
        Columns = columns;
        Types = types;
        _values = values;
    }

    public string Table { get; }

    public string[] Columns { get; }

    /// <summary>Each column's type as the provider receives it (after the model's conversion).</summary>
    public Type[] Types { get; }

    /// <summary>What a row takes beside the assessment: the columns that are not the engine's (shadow properties).</summary>
    public readonly record struct RowContext(string MailboxId, int? FocusRank, DateTime EvaluatedAt);

    public object?[] Values(RelationshipAssessment relationship, RowContext context)
    {
        var row = new object?[_values.Length];
        for (var c = 0; c < row.Length; c++)
        {
            row[c] = _values[c](relationship, context);
        }

        return row;
    }

    /// <summary>The rows' shape as <paramref name="model"/> maps <see cref="RelationshipAssessment"/>.</summary>
    public static RelationshipRows Of(IModel model)
    {
        var entity = model.FindEntityType(typeof(RelationshipAssessment)) ?? throw new InvalidOperationException("The model has no relationships.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException("Relationships are mapped to no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = new List<string>();
        var types = new List<Type>();
        var values = new List<Func<RelationshipAssessment, RowContext, object?>>();

        void Add(IProperty property, Func<RelationshipAssessment, RowContext, object?> read)
        {
            var converter = property.GetTypeMapping().Converter;
            columns.Add(property.GetColumnName(store) ?? throw new InvalidOperationException($"{property.Name} has no column."));
            types.Add(converter?.ProviderClrType ?? property.ClrType);
            values.Add(converter is null ? read : (r, c) => read(r, c) is { } value ? converter.ConvertToProvider(value) : null);
        }

        foreach (var property in entity.GetProperties())
        {
            if (property.IsShadowProperty())
            {
                Add(property, property.Name switch
                {
                    Shadow.MailboxId => static (_, c) => c.MailboxId,
                    Shadow.FocusRank => static (_, c) => c.FocusRank,
                    Shadow.EvaluatedAt => static (_, c) => c.EvaluatedAt,
                    var name => throw new NotSupportedException($"No value for the relationship column {name}."),
                });
            }
            else
            {
                var clr = Clr(property);
                Add(property, (r, _) => clr.GetValue(r));
            }
        }

        foreach (var complex in entity.GetComplexProperties())
        {
            var outer = Clr(complex);
            foreach (var property in complex.ComplexType.GetProperties())
            {
                var inner = Clr(property);

                // An optional complex value (no last meeting, no move) is a row of nulls in its columns.
                Add(property, (r, _) => outer.GetValue(r) is { } value ? inner.GetValue(value) : null);
            }
        }

        return new RelationshipRows(table, [.. columns], [.. types], [.. values]);
    }

    private static PropertyInfo Clr(IPropertyBase property) =>
        property.PropertyInfo ?? throw new NotSupportedException($"The relationship's {property.Name} is not a CLR property.");
}
