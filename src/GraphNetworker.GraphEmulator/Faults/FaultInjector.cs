using System.Text.RegularExpressions;

namespace GraphNetworker.GraphEmulator.Faults;

/// <summary>Holds scripted faults and hands each matching request the first rule that still has uses left.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _rules = [];

    public void Add(FaultRule rule)
    {
        var regex = new Regex(rule.PathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            _rules.Add(new ActiveFault(rule, regex) { Remaining = rule.Count });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<FaultRule> Active()
    {
        lock (_gate)
        {
            return _rules.Select(r => r.Rule with { Count = r.Rule.Count <= 0 ? 0 : r.Remaining }).ToArray();
        }
    }

    public FaultRule? Take(string method, string pathAndQuery, bool batchStep)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var active = _rules[i];
                var rule = active.Rule;
                if ((batchStep && !rule.IncludeBatchSteps) ||
                    (rule.Method is not null && !rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) ||
                    !active.Pattern.IsMatch(pathAndQuery))
                {
                    continue;
                }

                if (rule.Count > 0 && --active.Remaining <= 0)
                {
                    _rules.RemoveAt(i);
                }

                return rule;
            }

            return null;
        }
    }

    private sealed class ActiveFault(FaultRule rule, Regex pattern)
    {
        public FaultRule Rule { get; } = rule;

        public Regex Pattern { get; } = pattern;

        public int Remaining { get; set; }
    }
}
