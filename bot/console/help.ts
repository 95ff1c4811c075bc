/** The console's command list (also in `headroom start --help`); kept apart so the help loads nothing heavy. */
export const CONSOLE_HELP = `Commands:
  /failover              fleet health and open recommendations
  /failover <wu>         the plan to drain <wu> now, and whether Headroom would recommend it
  /capacity [<wu>|<region>] [30d|60d|90d]
                         headroom now, the forecast peak and when it crosses safe capacity
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

export const WHATIF_USAGE = `Usage: whatif shed <wu>[,<wu>] [split wu=share,…] [grow PCT] [add-capacity wu=PCT] [at now|next-peak|+Nd]
  e.g. whatif shed eu-west-1 split eu-central-1=0.7,us-east-1=0.3 at next-peak
  or ask what happens if we split eu-west-1 between eu-central-1 and us-east-1?`;
