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
    // A plain column's value from the assessment, a complex property's column from the property's value.
    private readonly Func<object?, RowContext, object?>[] _values;
    private readonly Complex[] _complexes;

    private RelationshipRows(string table, string[] columns, Type[] types, Func<object?, RowContext, object?>[] values, Complex[] complexes)
    {
        _complexes = complexes;
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
        var plain = _complexes.Length == 0 ? row.Length : _complexes[0].Start;
        for (var c = 0; c < plain; c++)
        {
            row[c] = _values[c](relationship, context);
        }

        foreach (var complex in _complexes)
        {
            var value = complex.Property.GetValue(relationship);
            for (var c = complex.Start; c < complex.End; c++)
            {
                row[c] = _values[c](value, context);
            }
        }

        return row;
    }

    /// <summary>A complex property's columns, <see cref="Start"/> to <see cref="End"/>: each read from the property's value.</summary>
    private readonly record struct Complex(int Start, PropertyInfo Property, int End = 0);

    /// <summary>The rows' shape as <paramref name="model"/> maps <see cref="RelationshipAssessment"/>.</summary>
    public static RelationshipRows Of(IModel model)
    {
        var entity = model.FindEntityType(typeof(RelationshipAssessment)) ?? throw new InvalidOperationException("The model has no relationships.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException("Relationships are mapped to no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = new List<string>();
        var types = new List<Type>();
        var values = new List<Func<object?, RowContext, object?>>();

        void Add(IProperty property, Func<object?, RowContext, object?> read)
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

        var complexes = new List<Complex>();
        foreach (var complex in entity.GetComplexProperties())
        {
            // The value is read once for its columns (a contact point is made when it is read), then each column from it.
            var outer = Clr(complex);
            complexes.Add(new Complex(values.Count, outer));
            foreach (var property in complex.ComplexType.GetProperties())
            {
                var inner = Clr(property);

                // An optional complex value (no last meeting, no move) is a row of nulls in its columns.
                Add(property, (value, _) => value is null ? null : inner.GetValue(value));
            }

            complexes[^1] = complexes[^1] with { End = values.Count };
        }

        return new RelationshipRows(table, [.. columns], [.. types], [.. values], [.. complexes]);
    }

    private static PropertyInfo Clr(IPropertyBase property) =>
        property.PropertyInfo ?? throw new NotSupportedException($"The relationship's {property.Name} is not a CLR property.");
}
