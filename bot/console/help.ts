/** The console's command list (also in `headroom start --help`); kept apart so the help loads nothing heavy. */
export const CONSOLE_HELP = `Commands:
  /failover              fleet health and open recommendations
  /failover <wu>         the plan to drain <wu> now, and whether Headroom would recommend it
  /capacity [<wu>]       baselines and headroom now and at the next peak
  whatif shed <wu>[,<wu>] [split wu=share,…] [grow PCT] [add-capacity wu=PCT] [at now|next-peak|+Nd]
  ask <question>         a question in plain words (Claude through the read-only tools when
                         ANTHROPIC_API_KEY is set; structured what-if forms otherwise)
  incident list|show <id>|postmortem <id>
                         incidents, one incident's timeline with evidence ids, its postmortem
  declare <wu>           declare an incident on <wu>
  snooze <wu> <min> <reason>
                         hold back posts about <wu> (still evaluated and recorded; audited)
  help                   this list
  quit                   stop Headroom`;
