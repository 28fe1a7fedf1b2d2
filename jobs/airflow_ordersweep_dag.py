"""Airflow DAG: a nightly ordersweep sweep, submitted to the cluster and resumed until complete.

ordersweep resumes by itself: a run that fails or is killed keeps the trials it recorded, and the retry trains only
the rest. Exit code 3 means another run holds the output folder's lock; the retry then waits for it. Exit code 4 means
the sweep ran to the end with some trials failed; the retry trains those again.
Copy this file into the DAGs folder and set ORDERSWEEP_HOME and the Spark master for your cluster.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

ORDERSWEEP_HOME = "/opt/ordersweep"

with DAG(
    dag_id="ordersweep_fashion_mnist",
    start_date=datetime(2026, 1, 1),
    schedule="0 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 6, "retry_delay": timedelta(minutes=10)},
    tags=["ordersweep"],
) as dag:
    BashOperator(
        task_id="sweep",
        bash_command=(
            f"cd {ORDERSWEEP_HOME} && jobs/ordersweep-submit --master yarn --deploy-mode client "
            "-- run --conf conf/fashion-mnist.conf "
            "--set output.dir=hdfs:///results/fashion-mnist "
            "--set data.path=hdfs:///datasets/fashion-mnist"
        ),
        execution_timeout=timedelta(hours=12),
    )
