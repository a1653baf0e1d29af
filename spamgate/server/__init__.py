"""Server side: git pre-receive, Gitea/Forgejo installation and audits."""
