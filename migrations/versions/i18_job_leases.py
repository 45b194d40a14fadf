"""job leases (heartbeats of running parts) and deployment facts (SERVICE_URL)

Revision ID: i18_job_leases
Revises: i13_user_sessions
Create Date: 2026-12-02 15:35:00
"""

from alembic import op
import sqlalchemy as sa

import service.persistence.base


revision = 'i18_job_leases'
down_revision = 'i13_user_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_leases',
        sa.Column('job_id', sa.String(length=40), nullable=False),
        sa.Column('part', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('holder', sa.String(length=64), nullable=True),
        sa.Column('expires_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_leases_job_id_jobs')),
        sa.PrimaryKeyConstraint('job_id', 'part', name=op.f('pk_job_leases')),
    )
    op.create_table(
        'deployment_facts',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.Column('recorded_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_deployment_facts')),
    )


def downgrade() -> None:
    op.drop_table('deployment_facts')
    op.drop_table('job_leases')
